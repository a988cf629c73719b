package io.tradeloom.shell.commands;

import io.tradeloom.core.api.HaltResult;
import io.tradeloom.core.api.HaltScope;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.support.ShellUtil;

@Service
@Command(scope = "tradeloom", name = "halt", description = "Emergency halt: new orders in the scope (one of --venue,"
        + " --symbol, --account, --strategy; none = everything) are rejected at once and, unless --no-cancel, its"
        + " working orders are canceled. Survives a restart; lift it with tradeloom:resume and the same scope."
        + " Orders of tradeloom:flatten pass when they reduce a position.")
public class HaltCommand extends HaltScopes {

    @Option(name = "--no-cancel", description = "Leave the working orders in scope alone (default: cancel them,"
            + " unless cancel.on.halt=false in etc/io.tradeloom.halt.cfg)")
    boolean noCancel;

    @Option(name = "--reason", description = "Why; shown in rejects, tradeloom:halts, the log and JMX")
    String reason;

    @Option(name = "--list", description = "List the active halts instead (same as tradeloom:halts)")
    boolean list;

    @Override
    public Object execute() {
        if (list) {
            HaltsCommand.print(halts);
            return null;
        }
        HaltScope scope = scope();
        boolean cancel = !noCancel && halts.cancelByDefault();
        HaltResult r = halts.halt(scope, reason, cancel, user());
        System.out.println((r.alreadyHalted() ? "already halted " : "halted ") + scope + " ("
                + r.halt().rejectReason() + ") since " + r.halt().since() + " by " + r.halt().by());
        if (cancel) {
            System.out.println("cancel sent for " + r.canceled().size() + " working orders"
                    + (r.canceled().isEmpty() ? "" : ": " + String.join(" ", r.canceled())));
            for (String f : r.cancelFailures()) {
                System.out.println("cancel failed: " + f);
            }
        } else {
            System.out.println("working orders left alone" + (noCancel ? " (--no-cancel)" : " (cancel.on.halt=false)"));
        }
        return null;
    }

    static String user() {
        try {
            String u = ShellUtil.getCurrentUserName();
            return u == null || u.isBlank() ? "shell" : u;
        } catch (RuntimeException | LinkageError e) {
            return "shell";
        }
    }
}
