package io.tradeloom.benchmarks;

import io.tradeloom.domain.instrument.AssetClass;
import io.tradeloom.domain.instrument.Instrument;
import io.tradeloom.domain.venue.Capabilities;
import io.tradeloom.domain.venue.Venue;
import io.tradeloom.domain.venue.VenueDescriptor;
import io.tradeloom.domain.venue.VenueHealth;
import io.tradeloom.domain.venue.VenueKind;
import io.tradeloom.domain.venue.VenueState;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Makes symbols known to the platform: a broker with an empty instrument list (paper, FIX) trades "any symbol the
 * platform knows", and only vendors make symbols known.
 */
final class ReferenceDataVendor implements Venue {

    private final VenueDescriptor descriptor;
    private final List<Instrument> instruments;

    ReferenceDataVendor(String id, Collection<String> symbols) {
        this.descriptor = new VenueDescriptor(id, VenueKind.VENDOR, "benchmark",
                Capabilities.marketDataOnly(Set.of(AssetClass.EQUITY)));
        this.instruments = symbols.stream().map(Instrument::equity).toList();
    }

    @Override
    public VenueDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public VenueHealth health() {
        return VenueHealth.of(VenueState.UP, "static reference data");
    }

    @Override
    public Collection<Instrument> instruments() {
        return instruments;
    }
}
