package io.tradeloom.shell.commands;

import io.tradeloom.core.api.DeadLetter;
import io.tradeloom.core.api.DeadLetterQueue;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import java.util.List;
import java.util.Map;

@Service
@Command(scope = "tradeloom", name = "dlq", description = "Lists dead letters newest first: id, time, source, kind,"
        + " reason, the payload on one line and whether and how it was replayed (tradeloom:dlq-replay).")
public class DlqCommand implements Action {

    static final int PAYLOAD_WIDTH = 80;
    static final int REASON_WIDTH = 80;

    @Option(name = "--source", description = "Only dead letters from this source (venue id or entry point)")
    String source;

    @Option(name = "--kind", description = "Only dead letters of this kind (quote, trade, bar, execution, fix, ...)")
    String kind;

    @Option(name = "--max", description = "At most this many (default 50)")
    int max = 50;

    @Option(name = "--counts", description = "Print the counts per source/kind (all ever added) instead")
    boolean counts;

    @Reference
    DeadLetterQueue deadLetters;

    @Override
    public Object execute() {
        if (max <= 0) {
            throw new IllegalArgumentException("max=" + max + ": must be greater than 0");
        }
        if (counts) {
            printCounts();
            return null;
        }
        List<DeadLetter> letters = deadLetters.list(source, kind, max);
        if (letters.isEmpty()) {
            System.out.println("no dead letters" + filterText() + " (" + deadLetters.total() + " in all)");
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Id").alignRight();
        table.column("Time");
        table.column("Source");
        table.column("Kind");
        table.column("Reason");
        table.column("Payload");
        table.column("Replayed");
        for (DeadLetter d : letters) {
            table.addRow().addContent(d.id(), d.at().toString(), d.source(), d.kind(),
                    oneLine(d.reason(), REASON_WIDTH), oneLine(d.payload(), PAYLOAD_WIDTH), replayed(d));
        }
        table.print(System.out);
        System.out.println(letters.size() + " shown" + filterText() + ", " + deadLetters.total() + " in all");
        return null;
    }

    private void printCounts() {
        Map<String, Long> all = deadLetters.counts();
        ShellTable table = new ShellTable();
        table.column("Source/Kind");
        table.column("Count").alignRight();
        all.forEach((key, n) -> table.addRow().addContent(key, n));
        table.print(System.out);
        System.out.println(deadLetters.total() + " in all");
    }

    private String filterText() {
        StringBuilder b = new StringBuilder();
        if (source != null && !source.isBlank()) {
            b.append(" source=").append(source);
        }
        if (kind != null && !kind.isBlank()) {
            b.append(" kind=").append(kind);
        }
        return b.length() == 0 ? "" : " for" + b;
    }

    static String replayed(DeadLetter d) {
        if (!d.replayed()) {
            return d.hasOriginal() ? "" : "(text only)";
        }
        return d.replayedAt() + " " + oneLine(d.replayResult(), REASON_WIDTH);
    }

    /** The text on one line: control characters (line breaks, FIX SOH) shown as '|', cut at {@code width}. */
    static String oneLine(String text, int width) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(text.length(), width + 1));
        boolean lastWasBreak = false;
        for (int i = 0; i < text.length() && b.length() <= width; i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                if (!lastWasBreak) {
                    b.append(" | ");
                }
                lastWasBreak = true;
                continue;
            }
            lastWasBreak = false;
            b.append(Character.isISOControl(c) ? '|' : c);
        }
        return b.length() > width ? b.substring(0, width - 3) + "..." : b.toString();
    }
}
