package io.tradeloom.core.api;

/**
 * Quality of one source's stream of one symbol, each dimension in 0..1 (1 = perfect). Definitions in
 * {@code io.tradeloom.core.feeds.QualityScore}. These are scores, not money: doubles are fine.
 *
 * @param overall            the weakest of the four dimensions (what the feed-group threshold compares)
 * @param events             events seen (valid or not)
 * @param lastEventAgeMillis -1 when nothing arrived yet
 */
public record FeedQualityView(String source, String symbol, double completeness, double timeliness,
                              double accuracy, double consistency, double overall, long events,
                              long lastEventAgeMillis) {
}
