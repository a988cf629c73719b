package io.tradeloom.api.rest.internal;

import io.tradeloom.domain.config.Settings;

import java.util.Map;

/**
 * {@code etc/io.tradeloom.api.rest.cfg}: where the REST API listens and who may use it.
 *
 * @param host       bind address, 127.0.0.1 unless set
 * @param port       TCP port
 * @param keys       API keys and their roles
 * @param healthOpen whether {@code GET /api/health} answers without a key
 * @param tls        HTTPS settings, null for plain HTTP
 */
record RestConfig(String host, int port, ApiKeys keys, boolean healthOpen, RestTls tls) {

    static final String PID = "io.tradeloom.api.rest";
    static final String DEFAULT_HOST = "127.0.0.1";
    static final int DEFAULT_PORT = 8182;

    static RestConfig parse(Map<String, ?> props) {
        Settings s = new Settings(props);
        String host = s.string("host", DEFAULT_HOST);
        int port = (int) s.integer("port", DEFAULT_PORT, 1, 65535);
        boolean healthOpen = s.bool("health.open", true);
        return new RestConfig(host, port, ApiKeys.parse(props, s.source()), healthOpen, RestTls.parse(s));
    }

    boolean sameListener(RestConfig other) {
        return other != null && host.equals(other.host) && port == other.port
                && java.util.Objects.equals(tls, other.tls);
    }

    String scheme() {
        return tls == null ? "http" : "https";
    }
}
