package io.tradeloom.core.api;

import io.tradeloom.domain.order.OrderRequest;

import java.util.List;
import java.util.Optional;

/** {@link HaltService#none()}: nothing is ever halted; halting is refused. */
final class NoHalts implements HaltService {

    static final NoHalts INSTANCE = new NoHalts();

    private NoHalts() {
    }

    @Override
    public HaltResult halt(HaltScope scope, String reason, boolean cancel, String by) {
        throw new UnsupportedOperationException("halts are not available in this gateway");
    }

    @Override
    public boolean cancelByDefault() {
        return false;
    }

    @Override
    public Optional<Halt> resume(HaltScope scope) {
        return Optional.empty();
    }

    @Override
    public List<Halt> active() {
        return List.of();
    }

    @Override
    public Optional<Halt> haltOf(OrderRequest request) {
        return Optional.empty();
    }

    @Override
    public Optional<Halt> venueHalt(String venueId) {
        return Optional.empty();
    }
}
