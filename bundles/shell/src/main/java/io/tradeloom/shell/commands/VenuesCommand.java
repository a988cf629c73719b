package io.tradeloom.shell.commands;

import io.tradeloom.core.api.VenueDirectory;
import io.tradeloom.core.api.VenueView;
import io.tradeloom.shell.Format;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "tradeloom", name = "venues", description = "Lists the deployed brokers and data vendors with their"
        + " state (CONNECTING, UP, DEGRADED, DOWN, HALTED), message counts, errors and the age of the last message.")
public class VenuesCommand implements Action {

    @Reference
    VenueDirectory venues;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Kind");
        table.column("Bundle");
        table.column("State");
        table.column("In").alignRight();
        table.column("Out").alignRight();
        table.column("Errors").alignRight();
        table.column("Last msg").alignRight();
        table.column("Detail");
        for (VenueView v : venues.venues()) {
            table.addRow().addContent(v.id(), v.kind().name().toLowerCase(), v.bundle(), v.state(), v.messagesIn(),
                    v.messagesOut(), v.errors(), Format.ageMillis(v.lastMessageAgeMillis()), v.detail());
        }
        table.print(System.out);
        return null;
    }
}
