package io.tradeloom.core.api;

/**
 * Closes positions ({@code tradeloom:flatten}): for each non-zero net position in scope a MARKET DAY order of the
 * opposite side for its absolute quantity, tagged with strategy {@value HaltService#FLATTEN_STRATEGY} so that it
 * passes a halt of its scope.
 */
public interface FlattenService {

    /**
     * @param account only this account; null for all
     * @param symbol  only this symbol; null for all
     * @param venue   the broker venue the closing orders go to
     */
    FlattenResult flatten(String account, String symbol, String venue);
}
