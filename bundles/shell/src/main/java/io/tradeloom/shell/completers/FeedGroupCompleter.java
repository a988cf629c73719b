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

/** Completes the names of the configured feed groups. */
@Service
public class FeedGroupCompleter implements Completer {

    @Reference
    FeedService feeds;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (FeedGroupView g : feeds.groups()) {
            delegate.getStrings().add(g.name());
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
