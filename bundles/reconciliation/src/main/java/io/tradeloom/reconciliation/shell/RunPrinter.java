package io.tradeloom.reconciliation.shell;

import io.tradeloom.reconciliation.api.Discrepancy;
import io.tradeloom.reconciliation.api.ReconciliationRun;
import org.apache.karaf.shell.support.table.ShellTable;

/** Prints one run: its summary line, then a table of its discrepancies. */
final class RunPrinter {

    static final int DETAIL_WIDTH = 110;

    private RunPrinter() {
    }

    static void print(ReconciliationRun run, int maxRows) {
        System.out.println(summary(run));
        for (String e : run.errors()) {
            System.out.println("  not reconciled: " + e);
        }
        if (run.discrepancies().isEmpty()) {
            System.out.println(run.errors().isEmpty() ? "no discrepancy" : "no discrepancy in what was compared");
            return;
        }
        ShellTable table = new ShellTable();
        table.column("Severity");
        table.column("Kind");
        table.column("Venue");
        table.column("Order");
        table.column("Exec");
        table.column("Adopted");
        table.column("Detail");
        int n = 0;
        for (Discrepancy d : run.discrepancies()) {
            if (n++ >= maxRows) {
                break;
            }
            table.addRow().addContent(d.severity(), d.kind(), d.venue(), nz(d.orderId()), nz(d.execId()),
                    d.adopted() ? "yes" : "", clip(d.detail()));
        }
        table.print(System.out);
        if (run.discrepancies().size() > maxRows) {
            System.out.println((run.discrepancies().size() - maxRows) + " more; tradeloom:recon-results --id "
                    + run.id() + " shows all");
        }
    }

    static String summary(ReconciliationRun run) {
        return "run " + run.id() + " (" + run.trigger() + ") " + run.venues() + " " + run.from() + " .. "
                + run.to() + ": " + run.discrepancies().size() + " discrepancies " + run.countsByKind() + " "
                + run.countsBySeverity() + ", " + run.compared() + " fills compared, " + run.adopted()
                + " adopted";
    }

    private static String nz(String s) {
        return s == null ? "-" : s;
    }

    private static String clip(String s) {
        String one = s == null ? "" : s.replace('\n', ' ');
        return one.length() <= DETAIL_WIDTH ? one : one.substring(0, DETAIL_WIDTH - 3) + "...";
    }
}
