package io.tradeloom.simulators.polygon.internal;

import io.netty.channel.Channel;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** One WebSocket client: authenticated or not, and its subscriptions ({@code T.AAPL}, {@code Q.*}, ...). */
public final class Session {

    private final Channel channel;
    private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
    private volatile boolean authenticated;

    Session(Channel channel) {
        this.channel = channel;
    }

    public Channel channel() {
        return channel;
    }

    public boolean authenticated() {
        return authenticated;
    }

    void authenticated(boolean on) {
        authenticated = on;
    }

    public boolean subscribed(String ev, String sym) {
        return subscriptions.contains(ev + ".*") || subscriptions.contains(ev + "." + sym);
    }

    boolean subscribe(String param) {
        return subscriptions.add(param);
    }

    boolean unsubscribe(String param) {
        return subscriptions.remove(param);
    }

    public Set<String> subscriptions() {
        return new TreeSet<>(subscriptions);
    }
}
