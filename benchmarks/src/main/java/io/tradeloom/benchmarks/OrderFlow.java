package io.tradeloom.benchmarks;

/** One way of getting an order to the simulated broker and its ExecutionReport NEW back. */
interface OrderFlow extends AutoCloseable {

    String name();

    /**
     * Sends one order and waits until its ExecutionReport NEW has been taken in (closed loop).
     *
     * @param stamps receives t0 (before the order is built), t1 (the acceptor's fromApp), t2 (ER taken in)
     * @throws IllegalStateException naming the order and what was missing when nothing came back in time
     */
    void roundTrip(long[] stamps) throws Exception;

    @Override
    void close();
}
