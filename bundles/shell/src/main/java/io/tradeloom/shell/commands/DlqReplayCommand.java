package io.tradeloom.shell.commands;

import io.tradeloom.core.api.DeadLetterQueue;
import io.tradeloom.shell.completers.DeadLetterIdCompleter;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "tradeloom", name = "dlq-replay", description = "Re-submits one dead letter's original payload"
        + " through the replayer for its kind (quote, trade, bar: market-data intake; execution: order gateway) and"
        + " prints the result; one still invalid becomes a new dead letter.")
public class DlqReplayCommand implements Action {

    @Argument(index = 0, name = "id", description = "Dead-letter id (tradeloom:dlq)", required = true)
    @Completion(DeadLetterIdCompleter.class)
    String id;

    @Option(name = "--force", description = "Replay also a dead letter that was replayed before")
    boolean force;

    @Reference
    DeadLetterQueue deadLetters;

    @Override
    public Object execute() {
        long n;
        try {
            n = Long.parseLong(id.trim().replaceFirst("^#", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("id=" + id + ": must be a dead-letter number (tradeloom:dlq)");
        }
        String result = deadLetters.replay(n, force);
        System.out.println("dead letter #" + n + " replayed: " + result);
        return null;
    }
}
