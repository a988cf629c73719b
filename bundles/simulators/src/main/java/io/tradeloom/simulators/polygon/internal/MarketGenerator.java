package io.tradeloom.simulators.polygon.internal;

import io.tradeloom.simulators.polygon.PolygonSimulatorConfig;
import io.tradeloom.simulators.polygon.WireEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;

/**
 * Deterministic random walk in whole cents: quotes (bid < ask, sizes in round lots as the spec says), trades at
 * the bid, the ask or inside, and the per-second ({@code A}) and per-minute ({@code AM}) aggregates of those
 * trades, emitted when the simulated clock crosses a boundary. Closed bars are kept for the REST aggregates
 * endpoint and the latest trades for the REST trades endpoint, so that REST answers exactly what the stream
 * produced. Not thread-safe: the simulator serializes calls.
 *
 * <p>The clock is simulated: it starts at {@code startMillis} and each event advances it by the caller's step,
 * so the same seed, start and steps produce the same stream byte for byte.
 */
public final class MarketGenerator {

    /** Keep this many closed second bars per symbol (one hour). */
    private static final int MAX_SECOND_BARS = 3600;
    /** Keep this many of the latest trades per symbol for {@code /v3/trades}. */
    public static final int MAX_TRADES_KEPT = 10_000;
    private static final int[] EXCHANGES = {1, 4, 7, 8, 11, 12, 19};
    private static final int[][] TRADE_CONDITIONS = {{}, {12}, {14, 41}, {37}};

    /**
     * A trade as it was streamed: its sequence number ({@code q}), id, price in cents, size, and its SIP time in
     * nanoseconds, whose millisecond is the streamed {@code t} (the WebSocket truncates, REST has it whole).
     */
    public record TapeTrade(long sequence, String id, long priceCents, long size, long sipNanos, int exchange,
                            int[] conditions, int tape) {
    }

    /** A closed aggregate, prices in cents. */
    public record ClosedBar(long startMillis, long open, long high, long low, long close, long volume,
                            long notionalCents, int trades) {

        /** VWAP in cents (fractional). */
        public double vwapCents() {
            return volume == 0 ? close : (double) notionalCents / volume;
        }
    }

    private static final class Acc {
        long start = -1;
        long open;
        long high;
        long low;
        long close;
        long volume;
        long notional;
        int trades;

        void add(long px, long size) {
            if (trades == 0) {
                open = high = low = px;
            }
            high = Math.max(high, px);
            low = Math.min(low, px);
            close = px;
            volume += size;
            notional += px * size;
            trades++;
        }

        ClosedBar close() {
            return new ClosedBar(start, open, high, low, close, volume, notional, trades);
        }

        void reset(long newStart) {
            start = newStart;
            trades = 0;
            volume = 0;
            notional = 0;
        }
    }

    private static final class SymbolState {
        final String sym;
        final int tape;
        long mid;
        long quoteSeq;
        long tradeSeq;
        long lastMillis;
        final Acc second = new Acc();
        final Acc minute = new Acc();
        long dayVolume;
        long dayNotional;
        long dayOpen = -1;
        final NavigableMap<Long, ClosedBar> seconds = new TreeMap<>();
        final NavigableMap<Long, ClosedBar> minutes = new TreeMap<>();
        final java.util.ArrayDeque<TapeTrade> trades = new java.util.ArrayDeque<>();

        SymbolState(String sym, int tape, long mid) {
            this.sym = sym;
            this.tape = tape;
            this.mid = mid;
        }
    }

    private final Random random;
    private final double tradeRatio;
    private final List<SymbolState> symbols = new ArrayList<>();
    private final Map<String, SymbolState> bySymbol = new HashMap<>();
    private long clockNanos;
    private long tradeIds = 1;

    public MarketGenerator(PolygonSimulatorConfig config, long startMillis) {
        this.random = new Random(config.seed());
        this.tradeRatio = config.tradeRatio();
        this.clockNanos = startMillis * 1_000_000L;
        int i = 0;
        for (String s : config.symbols()) {
            SymbolState st = new SymbolState(s, 1 + (i++ % 3), config.startPriceCents());
            symbols.add(st);
            bySymbol.put(s, st);
        }
    }

    public long nowMillis() {
        return clockNanos / 1_000_000L;
    }

    public List<String> symbols() {
        return symbols.stream().map(s -> s.sym).toList();
    }

    /**
     * Generates {@code count} events, the clock advancing {@code stepNanos} before each; aggregates whose window
     * closed on the way are included in order.
     */
    public List<WireEvent> next(int count, long stepNanos) {
        List<WireEvent> out = new ArrayList<>(count + 4);
        for (int n = 0; n < count; n++) {
            clockNanos += stepNanos;
            long t = nowMillis();
            rollBars(t, out);
            SymbolState s = symbols.get(random.nextInt(symbols.size()));
            walk(s);
            s.lastMillis = Math.max(s.lastMillis, t);
            if (random.nextDouble() < tradeRatio) {
                out.add(trade(s, s.lastMillis));
            } else {
                out.add(quote(s, s.lastMillis));
            }
        }
        return out;
    }

    /** Advances the clock to {@code millis} (if later) and emits the aggregates that closed. */
    public List<WireEvent> advanceTo(long millis) {
        List<WireEvent> out = new ArrayList<>();
        if (millis * 1_000_000L > clockNanos) {
            clockNanos = millis * 1_000_000L;
        }
        rollBars(nowMillis(), out);
        return out;
    }

    /** A quote and a trade for {@code sym} stamped {@code backMillis} before its last event (out of order). */
    public List<WireEvent> outOfOrder(String sym, long backMillis) {
        SymbolState s = state(sym);
        long t = s.lastMillis - backMillis;
        // Not recorded in the bars: a late print the real SIP would also leave out of the closed aggregates.
        long bid = s.mid - 1;
        return List.of(quoteJson(s, t, bid, bid + 2, 3, 4), new WireEvent("T", s.sym, tradeText(s, t, s.mid, 100,
                Long.toString(tradeIds++), new int[]{})));
    }

    public NavigableMap<Long, ClosedBar> closedSeconds(String sym) {
        SymbolState s = bySymbol.get(sym);
        return s == null ? new TreeMap<>() : s.seconds;
    }

    /** The latest trades of {@code sym} (at most {@link #MAX_TRADES_KEPT}), oldest first, out-of-order ones too. */
    public List<TapeTrade> trades(String sym) {
        SymbolState s = bySymbol.get(sym);
        return s == null ? List.of() : List.copyOf(s.trades);
    }

    public NavigableMap<Long, ClosedBar> closedMinutes(String sym) {
        SymbolState s = bySymbol.get(sym);
        return s == null ? new TreeMap<>() : s.minutes;
    }

    private SymbolState state(String sym) {
        SymbolState s = bySymbol.get(sym);
        if (s == null) {
            throw new IllegalArgumentException("symbol " + sym + " is not simulated (have " + symbols() + ")");
        }
        return s;
    }

    private void walk(SymbolState s) {
        long step = Math.round(random.nextGaussian() * 2);
        s.mid = Math.max(100, s.mid + step);
    }

    private WireEvent quote(SymbolState s, long t) {
        long half = 1 + random.nextInt(2);
        long bid = s.mid - half;
        long ask = s.mid + half;
        return quoteJson(s, t, bid, ask, 1 + random.nextInt(20), 1 + random.nextInt(20));
    }

    private WireEvent quoteJson(SymbolState s, long t, long bid, long ask, int bs, int as) {
        StringBuilder b = new StringBuilder(200);
        b.append("{\"ev\":\"Q\",\"sym\":\"").append(s.sym)
                .append("\",\"bx\":").append(EXCHANGES[random.nextInt(EXCHANGES.length)])
                .append(",\"bp\":").append(Prices.format(bid))
                .append(",\"bs\":").append(bs)
                .append(",\"ax\":").append(EXCHANGES[random.nextInt(EXCHANGES.length)])
                .append(",\"ap\":").append(Prices.format(ask))
                .append(",\"as\":").append(as)
                .append(",\"c\":1,\"i\":[604],\"t\":").append(t)
                .append(",\"q\":").append(++s.quoteSeq)
                .append(",\"z\":").append(s.tape).append('}');
        return new WireEvent("Q", s.sym, b.toString());
    }

    private WireEvent trade(SymbolState s, long t) {
        int where = random.nextInt(3);
        long px = where == 0 ? s.mid - 1 : where == 1 ? s.mid + 1 : s.mid;
        long size = 100L * (1 + random.nextInt(10));
        if (random.nextInt(10) == 0) {
            size = 1 + random.nextInt(99); // odd lot
        }
        int[] cond = TRADE_CONDITIONS[random.nextInt(TRADE_CONDITIONS.length)];
        s.second.add(px, size);
        s.minute.add(px, size);
        s.dayVolume += size;
        s.dayNotional += px * size;
        if (s.dayOpen < 0) {
            s.dayOpen = px;
        }
        return new WireEvent("T", s.sym, tradeText(s, t, px, size, Long.toString(tradeIds++), cond));
    }

    private String tradeText(SymbolState s, long t, long px, long size, String id, int[] cond) {
        StringBuilder b = new StringBuilder(160);
        int exchange = EXCHANGES[random.nextInt(EXCHANGES.length)];
        b.append("{\"ev\":\"T\",\"sym\":\"").append(s.sym)
                .append("\",\"x\":").append(exchange)
                .append(",\"i\":\"").append(id)
                .append("\",\"z\":").append(s.tape)
                .append(",\"p\":").append(Prices.format(px))
                .append(",\"s\":").append(size);
        if (cond.length > 0) {
            b.append(",\"c\":[");
            for (int k = 0; k < cond.length; k++) {
                b.append(k == 0 ? "" : ",").append(cond[k]);
            }
            b.append(']');
        }
        b.append(",\"t\":").append(t).append(",\"q\":").append(++s.tradeSeq).append('}');
        // Sub-millisecond part derived from the sequence: deterministic, and not zero (REST shows nanoseconds).
        long subMilli = 1 + Math.floorMod(s.tradeSeq * 104_729L + s.tape, 999_999L);
        s.trades.addLast(new TapeTrade(s.tradeSeq, id, px, size, t * 1_000_000L + subMilli, exchange, cond, s.tape));
        if (s.trades.size() > MAX_TRADES_KEPT) {
            s.trades.removeFirst();
        }
        return b.toString();
    }

    private void rollBars(long t, List<WireEvent> out) {
        long sec = Math.floorDiv(t, 1000L) * 1000L;
        long min = Math.floorDiv(t, 60_000L) * 60_000L;
        for (SymbolState s : symbols) {
            if (s.second.start < 0) {
                s.second.reset(sec);
            } else if (sec > s.second.start) {
                if (s.second.trades > 0) {
                    ClosedBar bar = s.second.close();
                    s.seconds.put(bar.startMillis(), bar);
                    while (s.seconds.size() > MAX_SECOND_BARS) {
                        s.seconds.pollFirstEntry();
                    }
                    out.add(aggregate("A", s, bar, 1000L));
                }
                s.second.reset(sec);
            }
            if (s.minute.start < 0) {
                s.minute.reset(min);
            } else if (min > s.minute.start) {
                if (s.minute.trades > 0) {
                    ClosedBar bar = s.minute.close();
                    s.minutes.put(bar.startMillis(), bar);
                    out.add(aggregate("AM", s, bar, 60_000L));
                }
                s.minute.reset(min);
            }
        }
    }

    private WireEvent aggregate(String ev, SymbolState s, ClosedBar bar, long length) {
        StringBuilder b = new StringBuilder(220);
        b.append("{\"ev\":\"").append(ev).append("\",\"sym\":\"").append(s.sym)
                .append("\",\"v\":").append(bar.volume())
                .append(",\"av\":").append(s.dayVolume)
                .append(",\"op\":").append(Prices.format(s.dayOpen))
                .append(",\"vw\":").append(Prices.format4(bar.vwapCents()))
                .append(",\"o\":").append(Prices.format(bar.open()))
                .append(",\"c\":").append(Prices.format(bar.close()))
                .append(",\"h\":").append(Prices.format(bar.high()))
                .append(",\"l\":").append(Prices.format(bar.low()))
                .append(",\"a\":").append(Prices.format4((double) s.dayNotional / Math.max(1, s.dayVolume)))
                .append(",\"z\":").append(bar.volume() / Math.max(1, bar.trades()))
                .append(",\"s\":").append(bar.startMillis())
                .append(",\"e\":").append(bar.startMillis() + length).append('}');
        return new WireEvent(ev, s.sym, b.toString());
    }
}
