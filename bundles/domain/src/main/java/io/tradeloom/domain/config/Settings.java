package io.tradeloom.domain.config;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Typed reading of one configuration (a {@code .cfg} file's properties). Every bad value throws
 * {@link SettingsException} naming the file, the key and the value, so that a wrong setting is never guessed
 * around and the caller can keep the previous configuration in force.
 */
public final class Settings {

    private final Map<String, ?> props;
    private final String source;

    public Settings(Map<String, ?> props) {
        this.props = props == null ? Collections.emptyMap() : props;
        this.source = sourceOf(this.props);
    }

    /** The file the properties came from (Felix FileInstall sets it), else the PID. */
    private static String sourceOf(Map<String, ?> props) {
        Object file = props.get("felix.fileinstall.filename");
        if (file != null) {
            String f = file.toString();
            if (f.startsWith("file:")) {
                try {
                    return Paths.get(URI.create(f)).getFileName().toString();
                } catch (RuntimeException e) {
                    // Not a well-formed URI: fall through to the plain-path rule.
                }
            }
            int slash = Math.max(f.lastIndexOf('/'), f.lastIndexOf('\\'));
            return slash >= 0 ? f.substring(slash + 1) : f;
        }
        Object pid = props.get("service.pid");
        return pid == null ? "configuration" : pid.toString();
    }

    public String source() {
        return source;
    }

    private String raw(String key) {
        Object v = props.get(key);
        if (v == null) {
            return null;
        }
        String s = v.toString().trim();
        return s.isEmpty() ? null : s;
    }

    private SettingsException bad(String key, String value, String reason) {
        return new SettingsException(source, key, value, reason);
    }

    public String string(String key, String defaultValue) {
        String v = raw(key);
        return v == null ? defaultValue : v;
    }

    public String required(String key) {
        String v = raw(key);
        if (v == null) {
            throw bad(key, null, "is required");
        }
        return v;
    }

    public BigDecimal decimal(String key, BigDecimal defaultValue, BigDecimal minInclusive, BigDecimal maxInclusive) {
        String v = raw(key);
        if (v == null) {
            return defaultValue;
        }
        BigDecimal d;
        try {
            d = new BigDecimal(v);
        } catch (NumberFormatException e) {
            throw bad(key, v, "not a number");
        }
        if ((minInclusive != null && d.compareTo(minInclusive) < 0)
                || (maxInclusive != null && d.compareTo(maxInclusive) > 0)) {
            throw bad(key, v, "must be between " + (minInclusive == null ? "-inf" : minInclusive.toPlainString())
                    + " and " + (maxInclusive == null ? "+inf" : maxInclusive.toPlainString()));
        }
        return d;
    }

    public long integer(String key, long defaultValue, long minInclusive, long maxInclusive) {
        String v = raw(key);
        if (v == null) {
            return defaultValue;
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw bad(key, v, "not a whole number");
        }
        if (n < minInclusive || n > maxInclusive) {
            throw bad(key, v, "must be between " + minInclusive + " and " + maxInclusive);
        }
        return n;
    }

    public boolean bool(String key, boolean defaultValue) {
        String v = raw(key);
        if (v == null) {
            return defaultValue;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw bad(key, v, "must be true or false");
        };
    }

    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
        String v = raw(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw bad(key, v, "must be one of " + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
        }
    }

    /** A comma-separated list, trimmed, blanks dropped; a String[] or Collection value is taken as is. */
    public List<String> list(String key, List<String> defaultValue) {
        Object v = props.get(key);
        if (v == null) {
            return defaultValue;
        }
        List<String> out = new ArrayList<>();
        Iterable<?> items = v instanceof Object[] arr ? Arrays.asList(arr)
                : v instanceof Iterable<?> it ? it : Arrays.asList(v.toString().split(","));
        for (Object o : items) {
            String s = String.valueOf(o).trim();
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out.isEmpty() ? defaultValue : List.copyOf(out);
    }

    /** Wraps a parser's IllegalArgumentException for a key into one that names file, key and value. */
    public SettingsException invalid(String key, String reason) {
        return bad(key, raw(key), reason);
    }
}
