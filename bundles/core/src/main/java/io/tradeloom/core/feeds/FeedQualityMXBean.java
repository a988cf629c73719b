package io.tradeloom.core.feeds;

import java.util.Map;

/**
 * JMX view of one source's quality: {@code io.tradeloom:type=feedquality,name=<source>}. The four dimensions are
 * the weakest over the source's symbols; {@link #getScoresBySymbol()} has each symbol's
 * {@code completeness/timeliness/accuracy/consistency}. The trade-gap counters count the source's trade sequence
 * gaps ({@code sequence.gap.sources}), the trades backfilled for them and backfilled trades skipped as already
 * arrived.
 */
public interface FeedQualityMXBean {

    String getSource();

    double getCompleteness();

    double getTimeliness();

    double getAccuracy();

    double getConsistency();

    double getOverall();

    Map<String, String> getScoresBySymbol();

    long getTradeSequenceGaps();

    long getTradesBackfilled();

    long getTradeBackfillDuplicates();
}
