package io.tradeloom.api.rest.internal;

import io.tradeloom.domain.config.SettingsException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The API keys of {@code etc/io.tradeloom.api.rest.cfg}: {@code apikey.<name> = <role>:<secret>} or
 * {@code apikey.<name> = <role>:sha256:<64 hex digits>}. Only SHA-256 digests are kept in memory; a presented key
 * is hashed and compared with every digest in constant time, so neither the match nor its position leaks through
 * timing. Keys are named by {@code <name>} in logs; their values never appear anywhere.
 */
final class ApiKeys {

    /** What a key may do: {@code read} the GET endpoints, {@code trade} also submit and cancel. */
    enum Role {
        READ, TRADE;

        boolean allows(Role needed) {
            return this == TRADE || needed == READ;
        }
    }

    /** One configured key: its name (for logs), role and SHA-256 digest. Never prints the digest. */
    record Key(String name, Role role, byte[] digest) {
        @Override
        public String toString() {
            return "Key[" + name + ", " + role.name().toLowerCase(Locale.ROOT) + "]";
        }
    }

    static final String PREFIX = "apikey.";
    static final int MIN_SECRET_LENGTH = 16;

    private final List<Key> keys;

    private ApiKeys(List<Key> keys) {
        this.keys = List.copyOf(keys);
    }

    static ApiKeys none() {
        return new ApiKeys(List.of());
    }

    /** Reads every {@code apikey.*} entry; a bad one throws naming the file and key, never the value. */
    static ApiKeys parse(Map<String, ?> props, String source) {
        List<Key> out = new ArrayList<>();
        for (Map.Entry<String, ?> e : new TreeMap<>(props).entrySet()) {
            if (!e.getKey().startsWith(PREFIX)) {
                continue;
            }
            String name = e.getKey().substring(PREFIX.length());
            String value = e.getValue() == null ? "" : e.getValue().toString().trim();
            if (name.isBlank()) {
                throw bad(source, e.getKey(), "needs a name: apikey.<name> = <role>:<secret>");
            }
            int colon = value.indexOf(':');
            if (colon < 0) {
                throw bad(source, e.getKey(), "must be <role>:<secret> or <role>:sha256:<hex>, role read or trade");
            }
            Role role;
            try {
                role = Role.valueOf(value.substring(0, colon).trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ex) {
                throw bad(source, e.getKey(), "role must be read or trade");
            }
            String secret = value.substring(colon + 1).trim();
            byte[] digest;
            if (secret.regionMatches(true, 0, "sha256:", 0, 7)) {
                String hex = secret.substring(7).trim();
                if (!hex.matches("[0-9a-fA-F]{64}")) {
                    throw bad(source, e.getKey(), "sha256: must be followed by 64 hex digits");
                }
                digest = HexFormat.of().parseHex(hex);
            } else {
                if (secret.length() < MIN_SECRET_LENGTH) {
                    throw bad(source, e.getKey(), "secret must be at least " + MIN_SECRET_LENGTH + " characters");
                }
                digest = sha256(secret);
            }
            out.add(new Key(name, role, digest));
        }
        return new ApiKeys(out);
    }

    private static SettingsException bad(String source, String key, String reason) {
        // The key name starts with "apikey", which SettingsException masks: the value is shown as ****.
        return new SettingsException(source, key, "", reason);
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** The key whose secret was presented. Looks at every key whatever matches, and compares in constant time. */
    Optional<Key> authenticate(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = sha256(presented);
        Key found = null;
        for (Key k : keys) {
            if (MessageDigest.isEqual(k.digest(), digest) && found == null) {
                found = k;
            }
        }
        return Optional.ofNullable(found);
    }

    int size() {
        return keys.size();
    }

    /** Names and roles only. */
    @Override
    public String toString() {
        return keys.toString();
    }
}
