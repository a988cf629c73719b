package io.tradeloom.core.api;

import io.tradeloom.domain.marketdata.QuoteBook;

/** The quote book plus intake figures. */
public interface MarketDataService extends QuoteBook {

    long accepted();

    long rejected();
}
