package io.tradeloom.core.deadletter;

import io.tradeloom.core.api.DeadLetter;
import io.tradeloom.core.api.DeadLetterQueue;
import io.tradeloom.core.api.MarketDataService;
import io.tradeloom.core.marketdata.MarketDataIntake;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.util.Set;

/**
 * Replays market-data dead letters (kind quote, trade, bar) into the core's intake, which validates them again:
 * one still invalid becomes a new dead letter, which the store reports as the outcome. Note that the intake
 * refuses an event older than the last one accepted for the same symbol and source (out of order).
 */
@Component(service = DeadLetterQueue.Replayer.class)
public class MarketDataReplayer implements DeadLetterQueue.Replayer {

    static final Set<String> KINDS = Set.of("quote", "trade", "bar");

    private final MarketDataIntake intake;

    @Activate
    public MarketDataReplayer(@Reference MarketDataService marketData) {
        if (!(marketData instanceof MarketDataIntake i)) {
            throw new IllegalArgumentException("market-data replay needs the core's MarketDataIntake, not "
                    + marketData);
        }
        this.intake = i;
    }

    @Override
    public boolean canReplay(DeadLetter letter) {
        return letter.kind() != null && KINDS.contains(letter.kind().toLowerCase());
    }

    @Override
    public String replay(DeadLetter letter) {
        long before = intake.accepted();
        intake.onEvent(letter.original());
        return intake.accepted() > before ? "accepted by the market-data intake"
                : "not accepted by the market-data intake";
    }

    @Override
    public String toString() {
        return "market-data replayer " + KINDS;
    }
}
