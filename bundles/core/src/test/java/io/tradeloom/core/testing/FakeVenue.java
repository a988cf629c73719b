package io.tradeloom.core.testing;

import io.tradeloom.domain.instrument.AssetClass;
import io.tradeloom.domain.instrument.Instrument;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.TimeInForce;
import io.tradeloom.domain.venue.Capabilities;
import io.tradeloom.domain.venue.Venue;
import io.tradeloom.domain.venue.VenueDescriptor;
import io.tradeloom.domain.venue.VenueHealth;
import io.tradeloom.domain.venue.VenueKind;
import io.tradeloom.domain.venue.VenueState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** A venue adapter whose health and instruments a test sets. */
public final class FakeVenue implements Venue {

    private final VenueDescriptor descriptor;
    private volatile VenueHealth health = VenueHealth.of(VenueState.UP, "connected");
    private volatile List<Instrument> instruments;
    private volatile RuntimeException instrumentsFailure;
    private volatile RuntimeException healthFailure;

    public FakeVenue(VenueDescriptor descriptor, String... symbols) {
        this.descriptor = descriptor;
        List<Instrument> list = new ArrayList<>();
        for (String s : symbols) {
            list.add(Instrument.equity(s));
        }
        this.instruments = List.copyOf(list);
    }

    /** A broker taking MARKET and LIMIT orders, DAY and GTC. */
    public static FakeVenue broker(String id, String... symbols) {
        return broker(id, Set.of(OrderType.MARKET, OrderType.LIMIT), Set.of(TimeInForce.DAY, TimeInForce.GTC),
                symbols);
    }

    public static FakeVenue broker(String id, Set<OrderType> types, Set<TimeInForce> tifs, String... symbols) {
        return new FakeVenue(new VenueDescriptor(id, VenueKind.BROKER, "fake",
                new Capabilities(types, tifs, Set.of(AssetClass.EQUITY), 0)), symbols);
    }

    public static FakeVenue vendor(String id, String... symbols) {
        return new FakeVenue(new VenueDescriptor(id, VenueKind.VENDOR, "fake-md",
                Capabilities.marketDataOnly(Set.of(AssetClass.EQUITY))), symbols);
    }

    public FakeVenue health(VenueState state, String detail) {
        this.health = VenueHealth.of(state, detail);
        return this;
    }

    public FakeVenue failInstruments(RuntimeException e) {
        this.instrumentsFailure = e;
        return this;
    }

    public FakeVenue failHealth(RuntimeException e) {
        this.healthFailure = e;
        return this;
    }

    @Override
    public VenueDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public VenueHealth health() {
        if (healthFailure != null) {
            throw healthFailure;
        }
        return health;
    }

    @Override
    public Collection<Instrument> instruments() {
        if (instrumentsFailure != null) {
            throw instrumentsFailure;
        }
        return instruments;
    }

    @Override
    public String toString() {
        return "FakeVenue[" + descriptor.id() + "]";
    }
}
