package io.tradeloom.shell.completers;

import io.tradeloom.core.api.DeadLetter;
import io.tradeloom.core.api.DeadLetterQueue;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import java.util.List;

/** Completes the ids of the newest dead letters that can be replayed: payload object kept, not replayed yet. */
@Service
public class DeadLetterIdCompleter implements Completer {

    private static final int MAX = 200;

    @Reference
    DeadLetterQueue deadLetters;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (DeadLetter d : deadLetters.list(null, null, MAX)) {
            if (d.hasOriginal() && !d.replayed()) {
                delegate.getStrings().add(Long.toString(d.id()));
            }
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
