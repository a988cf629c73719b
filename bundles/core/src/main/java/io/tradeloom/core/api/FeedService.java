package io.tradeloom.core.api;

import java.util.List;

/**
 * Feed groups (primary/backup market-data sources per symbol set, {@code etc/io.tradeloom.feedgroup-<name>.cfg})
 * and the live quality score of every source and symbol. For {@code tradeloom:feeds} and JMX.
 */
public interface FeedService {

    /** Every configured group, by name. */
    List<FeedGroupView> groups();

    /** Quality per source and symbol, sorted by source then symbol. */
    List<FeedQualityView> quality();

    /**
     * Makes {@code source} the active source of {@code group} now (operator's forced switch). The forced source
     * stays active, without failback, until it fails a failover rule or another source is forced (forcing the
     * primary ends the pin).
     *
     * @throws IllegalArgumentException naming the group or source when there is no such group or the source is
     *                                  not one of the group's sources
     */
    FeedGroupView failover(String group, String source);
}
