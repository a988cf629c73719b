package io.tradeloom.shell.commands;

import io.tradeloom.core.api.FeedGroupView;
import io.tradeloom.core.api.FeedQualityView;
import io.tradeloom.core.api.FeedService;
import io.tradeloom.shell.Format;
import io.tradeloom.shell.completers.FeedGroupCompleter;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

@Service
@Command(scope = "tradeloom", name = "feeds", description = "Shows the feed groups (sources in priority order,"
        + " active source, switches, last switch time and reason, each source's status) and the quality score of"
        + " every source and symbol (completeness, timeliness, accuracy, consistency, 0..1).")
public class FeedsCommand implements Action {

    @Argument(index = 0, name = "group", description = "Only this group (and the quality of its sources and"
            + " symbols)")
    @Completion(FeedGroupCompleter.class)
    String group;

    @Option(name = "--source", description = "Quality of this source only")
    String source;

    @Option(name = "--no-quality", description = "Groups only")
    boolean noQuality;

    @Reference
    FeedService feeds;

    @Override
    public Object execute() {
        List<FeedGroupView> groups = feeds.groups().stream()
                .filter(g -> group == null || g.name().equals(group)).toList();
        if (group != null && groups.isEmpty()) {
            throw new IllegalArgumentException("group=" + group + ": no such feed group");
        }
        Instant now = Instant.now();
        ShellTable table = new ShellTable();
        table.column("Group");
        table.column("Sources");
        table.column("Active");
        table.column("Switches").alignRight();
        table.column("Last switch").alignRight();
        table.column("Reason");
        table.column("Standby drops").alignRight();
        table.column("Out of order").alignRight();
        for (FeedGroupView g : groups) {
            table.addRow().addContent(g.name(), String.join(",", g.sources()),
                    g.active() + (g.forced() ? " (forced)" : ""), g.switches(),
                    g.lastSwitch() == null ? "-" : Format.ageMillis(Duration.between(g.lastSwitch(), now).toMillis())
                            + " ago",
                    g.lastReason().isEmpty() ? "-" : g.lastReason(), g.droppedStandby(), g.droppedOutOfOrder());
        }
        if (groups.isEmpty()) {
            System.out.println("no feed groups (etc/io.tradeloom.feedgroup-<name>.cfg): every source passes");
        } else {
            table.print(System.out);
            ShellTable status = new ShellTable();
            status.column("Group");
            status.column("Source");
            status.column("Status");
            for (FeedGroupView g : groups) {
                for (Map.Entry<String, String> e : g.sourceStatus().entrySet()) {
                    status.addRow().addContent(g.name(), e.getKey(), e.getValue());
                }
            }
            System.out.println();
            status.print(System.out);
        }
        if (noQuality) {
            return null;
        }
        Set<String> symbols = new HashSet<>();
        Set<String> sources = new HashSet<>();
        groups.forEach(g -> {
            symbols.addAll(g.symbols());
            sources.addAll(g.sources());
        });
        ShellTable q = new ShellTable();
        q.column("Source");
        q.column("Symbol");
        q.column("Completeness").alignRight();
        q.column("Timeliness").alignRight();
        q.column("Accuracy").alignRight();
        q.column("Consistency").alignRight();
        q.column("Overall").alignRight();
        q.column("Events").alignRight();
        q.column("Last event").alignRight();
        for (FeedQualityView v : feeds.quality()) {
            if (source != null && !v.source().equals(source)) {
                continue;
            }
            if (group != null && !(symbols.contains(v.symbol()) && sources.contains(v.source()))) {
                continue;
            }
            q.addRow().addContent(v.source(), v.symbol(), score(v.completeness()), score(v.timeliness()),
                    score(v.accuracy()), score(v.consistency()), score(v.overall()), v.events(),
                    Format.ageMillis(v.lastEventAgeMillis()));
        }
        System.out.println();
        q.print(System.out);
        return null;
    }

    private static String score(double d) {
        return String.format(Locale.ROOT, "%.3f", d);
    }
}
