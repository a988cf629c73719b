package io.tradeloom.shell.commands;

import io.tradeloom.core.api.Halt;
import io.tradeloom.core.api.HaltService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "tradeloom", name = "halts", description = "Lists the active emergency halts: scope, since, by whom"
        + " and the reason.")
public class HaltsCommand implements Action {

    @Reference
    HaltService halts;

    @Override
    public Object execute() {
        print(halts);
        return null;
    }

    static void print(HaltService halts) {
        if (halts.active().isEmpty()) {
            System.out.println("no active halts");
            return;
        }
        ShellTable table = new ShellTable();
        table.column("Scope");
        table.column("Since");
        table.column("By");
        table.column("Reason");
        for (Halt h : halts.active()) {
            table.addRow().addContent(h.scope().toString(), h.since().toString(), h.by(), h.reason());
        }
        table.print(System.out);
    }
}
