package io.tradeloom.shell.completers;

import io.tradeloom.core.api.FeedGroupView;
import io.tradeloom.core.api.FeedService;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import java.util.List;

/** Completes the sources of the feed group named before it on the line (of every group when none matches). */
@Service
public class FeedSourceCompleter implements Completer {

    @Reference
    FeedService feeds;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        String[] args = commandLine.getArguments();
        int index = commandLine.getCursorArgumentIndex();
        String group = index >= 1 && args.length > index - 1 ? args[index - 1] : null;
        StringsCompleter delegate = new StringsCompleter();
        for (FeedGroupView g : feeds.groups()) {
            if (group == null || g.name().equals(group) || feeds.groups().stream().noneMatch(x -> x.name().equals(group))) {
                delegate.getStrings().addAll(g.sources());
            }
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
