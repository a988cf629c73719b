package io.tradeloom.shell.commands;

import io.tradeloom.core.api.FeedGroupView;
import io.tradeloom.core.api.FeedService;
import io.tradeloom.shell.completers.FeedGroupCompleter;
import io.tradeloom.shell.completers.FeedSourceCompleter;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "tradeloom", name = "feed-failover", description = "Makes SOURCE the active source of feed group"
        + " GROUP now. It stays active (no automatic failback) until it fails a failover rule or another source is"
        + " forced; forcing the primary (the first source) ends a pin.")
public class FeedFailoverCommand implements Action {

    @Argument(index = 0, name = "group", description = "Feed group name", required = true)
    @Completion(FeedGroupCompleter.class)
    String group;

    @Argument(index = 1, name = "source", description = "One of the group's source venue ids", required = true)
    @Completion(FeedSourceCompleter.class)
    String source;

    @Reference
    FeedService feeds;

    @Override
    public Object execute() {
        String before = feeds.groups().stream().filter(g -> g.name().equals(group)).map(FeedGroupView::active)
                .findFirst().orElse(null);
        FeedGroupView v = feeds.failover(group, source);
        System.out.println("feed group " + v.name() + ": active source " + before + " -> " + v.active()
                + " (forced by operator at " + v.lastSwitch() + ")");
        return null;
    }
}
