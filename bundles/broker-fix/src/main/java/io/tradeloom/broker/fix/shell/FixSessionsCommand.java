package io.tradeloom.broker.fix.shell;

import io.tradeloom.broker.fix.api.FixSessionInfo;
import io.tradeloom.broker.fix.api.FixSessions;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "tradeloom", name = "fix-sessions", description = "Lists the FIX sessions: state, next sender and"
        + " target sequence numbers, last heartbeat from the counterparty, logon time, message counts, rejects"
        + " received and malformed input.")
public class FixSessionsCommand implements Action {

    @Reference
    FixSessions sessions;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Venue");
        table.column("Session");
        table.column("State");
        table.column("Next out").alignRight();
        table.column("Next in").alignRight();
        table.column("Last heartbeat");
        table.column("Logon time");
        table.column("In").alignRight();
        table.column("Out").alignRight();
        table.column("Rejects").alignRight();
        table.column("Malformed").alignRight();
        for (FixSessionInfo i : sessions.sessions()) {
            table.addRow().addContent(i.venueId(), i.sessionId(), i.state(), i.nextSenderSeqNum(),
                    i.nextTargetSeqNum(), i.lastHeartbeat() == null ? "-" : i.lastHeartbeat().toString(),
                    i.logonTime() == null ? "-" : i.logonTime().toString(), i.messagesIn(), i.messagesOut(),
                    i.rejectsReceived(), i.malformed());
        }
        table.print(System.out);
        return null;
    }
}
