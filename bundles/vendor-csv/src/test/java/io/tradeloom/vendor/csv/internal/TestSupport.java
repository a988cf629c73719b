package io.tradeloom.vendor.csv.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.Assert.assertEquals;

final class TestSupport {

    static final String FILE = "io.tradeloom.vendor.csv-eod.cfg";

    private TestSupport() {
    }

    static Map<String, Object> props(String... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("felix.fileinstall.filename", "file:/opt/karaf/etc/" + FILE);
        m.put("service.pid", "io.tradeloom.vendor.csv~eod");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static CsvConfig config(Path dataDir, String... kv) {
        return CsvConfig.parse(props(kv), dataDir);
    }

    static byte[] sample(String name) {
        try (InputStream in = TestSupport.class.getResourceAsStream("/samples/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no sample " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Same value and same written digits: prices are kept exactly as in the file. */
    static void assertExactly(String expected, BigDecimal actual) {
        assertEquals(expected, actual.toPlainString());
    }
}
