package io.tradeloom.shell;

import java.math.BigDecimal;
import java.time.Duration;

/** Shared rendering for the commands' tables. */
public final class Format {

    private Format() {
    }

    public static String decimal(BigDecimal d) {
        return d == null ? "-" : d.stripTrailingZeros().toPlainString();
    }

    public static String ageMillis(long millis) {
        if (millis < 0) {
            return "-";
        }
        if (millis < 10_000) {
            return millis + "ms";
        }
        Duration d = Duration.ofMillis(millis);
        if (d.toHours() > 0) {
            return d.toHours() + "h" + d.toMinutesPart() + "m";
        }
        return d.toMinutes() > 0 ? d.toMinutes() + "m" + d.toSecondsPart() + "s" : d.toSeconds() + "s";
    }
}
