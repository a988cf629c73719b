package io.tradeloom.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** Files of the project and report paths, whether a harness runs from the project root or from benchmarks/. */
final class ProjectFiles {

    private static final String BASEDIR = "tradeloom.benchmarks.basedir";

    private ProjectFiles() {
    }

    /** {@code given} if set (it must exist), else {@code dir/file} of the project, e.g. routes/orders.yaml. */
    static Path find(String given, String option, String dir, String file) {
        if (given != null) {
            Path p = Paths.get(given);
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException(option + " " + given + ": no such file");
            }
            return p.toAbsolutePath().normalize();
        }
        List<Path> candidates = new ArrayList<>();
        String basedir = System.getProperty(BASEDIR);
        if (basedir != null) {
            candidates.add(Paths.get(basedir, "..", dir, file));
        }
        candidates.add(Paths.get("..", dir, file));
        candidates.add(Paths.get(dir, file));
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new IllegalArgumentException(dir + "/" + file + " not found (looked at " + candidates + " from "
                + Paths.get("").toAbsolutePath() + "); give it with " + option);
    }

    /** {@code given} if set, else benchmarks/target/{@code name}. */
    static Path report(String given, String name) {
        if (given != null) {
            return Paths.get(given);
        }
        String basedir = System.getProperty(BASEDIR);
        if (basedir != null) {
            return Paths.get(basedir, "target", name);
        }
        if (Files.isDirectory(Paths.get("benchmarks"))) {
            return Paths.get("benchmarks", "target", name);
        }
        return Paths.get("target", name);
    }
}
