package io.tradeloom.broker.fix.internal;

import io.tradeloom.domain.config.Settings;
import io.tradeloom.domain.config.SettingsException;
import io.tradeloom.domain.instrument.SymbolMapping;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.TimeInForce;
import quickfix.ConfigError;
import quickfix.SessionID;
import quickfix.SessionSettings;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One FIX venue's configuration ({@code etc/io.tradeloom.broker.fix-<name>.cfg}). Keys that start with an upper
 * case letter are QuickFIX/J session settings and are passed on as they are (BeginString, SenderCompID,
 * SocketConnectHost, SocketConnectHost1, HeartBtInt, StartTime, ReconnectInterval, ...); lower-case keys are ours.
 */
record FixConfig(String id, String account, int orderRateLimit, SymbolMapping symbols, Set<OrderType> orderTypes,
                 Set<TimeInForce> timeInForces, WhenDown whenDown, String logonPassword, long statusRequestDelayMillis,
                 long statusTimeoutMillis, SessionSettings quickfix, SessionID sessionId) {

    /** What happens to orders sent while the session is not logged on. */
    enum WhenDown { REJECT, HOLD }

    private static final Set<String> OSGI_KEYS = Set.of("service.pid", "service.factoryPid",
            "felix.fileinstall.filename", "component.id", "component.name", "service.bundleid", "service.id",
            "service.scope", "objectClass");

    static FixConfig parse(Map<String, ?> props, Path dataDir) {
        Settings s = new Settings(props);
        String id = s.string("id", "fix");
        if (!id.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw s.invalid("id", "must match [a-z0-9][a-z0-9._-]*");
        }
        String account = s.string("account", null);
        int rate = (int) s.integer("order.rate.limit", 0, 0, 1_000_000);
        SymbolMapping mapping;
        try {
            mapping = SymbolMapping.parse(s.string("symbol.map", ""));
        } catch (IllegalArgumentException e) {
            throw s.invalid("symbol.map", e.getMessage());
        }
        Set<OrderType> types = EnumSet.noneOf(OrderType.class);
        for (String t : s.list("order.types", List.of("market", "limit", "stop", "stop_limit", "trailing_stop"))) {
            types.add(enumOf(s, "order.types", t, OrderType.class));
        }
        Set<TimeInForce> tifs = EnumSet.noneOf(TimeInForce.class);
        for (String t : s.list("tifs", List.of("day", "gtc", "ioc", "fok", "opg", "cls"))) {
            tifs.add(enumOf(s, "tifs", t, TimeInForce.class));
        }
        WhenDown whenDown = s.enumValue("when.down", WhenDown.class, WhenDown.REJECT);
        String password = s.string("logon.password", null);
        long statusDelay = s.integer("status.request.delay.ms", 1000, 0, 600_000);
        // How long the core's status query of an order (did a failed NEW arrive?) waits for the answer.
        long statusTimeout = s.integer("status.timeout.ms", 5000, 1, 600_000);

        SessionSettings qf = new SessionSettings();
        String begin = s.string("BeginString", "FIX.4.4");
        if (!begin.equals("FIX.4.4")) {
            throw s.invalid("BeginString", "only FIX.4.4 is supported");
        }
        String sender = s.required("SenderCompID");
        String target = s.required("TargetCompID");
        s.required("SocketConnectHost");
        s.integer("SocketConnectPort", 0, 1, 65535);
        s.required("SocketConnectPort");
        s.integer("HeartBtInt", 30, 1, 3600);
        s.integer("ReconnectInterval", 5, 1, 3600);
        SessionID sessionId = new SessionID(begin, sender, target, s.string("SessionQualifier", ""));
        qf.setString(sessionId, "ConnectionType", "initiator");
        qf.setString(sessionId, "HeartBtInt", "30");
        qf.setString(sessionId, "StartTime", "00:00:00");
        qf.setString(sessionId, "EndTime", "00:00:00");
        qf.setString(sessionId, "TimeZone", "UTC");
        qf.setString(sessionId, "ReconnectInterval", "5");
        qf.setString(sessionId, "ResetOnLogon", "N");
        qf.setString(sessionId, "UseDataDictionary", "Y");
        qf.setString(sessionId, "DataDictionary", "FIX44.xml");
        qf.setString(sessionId, "TimeStampPrecision", "NANOS");
        qf.setString(sessionId, "FileStorePath", dataDir.resolve("fix").resolve(id).resolve("store").toString());
        // Keep the counterparty's application-level validation problems ours to handle, not session Rejects.
        qf.setString(sessionId, "ValidateUserDefinedFields", "N");
        qf.setString(sessionId, "AllowUnknownMsgFields", "Y");
        for (Map.Entry<String, ?> e : props.entrySet()) {
            String key = e.getKey();
            if (!key.isEmpty() && Character.isUpperCase(key.charAt(0)) && !OSGI_KEYS.contains(key)
                    && e.getValue() != null) {
                qf.setString(sessionId, key, e.getValue().toString().trim());
            }
        }
        try {
            qf.getString(sessionId, "SocketConnectHost");
        } catch (ConfigError ce) {
            throw s.invalid("SocketConnectHost", ce.getMessage());
        }
        return new FixConfig(id, account, rate, mapping, types, tifs, whenDown, password, statusDelay, statusTimeout,
                qf, sessionId);
    }

    private static <E extends Enum<E>> E enumOf(Settings s, String key, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new SettingsException(s.source(), key, value, "has an unknown entry '" + value + "'");
        }
    }

    /** Never prints the logon password (a record's own toString would). */
    @Override
    public String toString() {
        return "FixConfig[id=" + id + ", session=" + sessionId + ", account=" + account + ", orderRateLimit="
                + orderRateLimit + ", whenDown=" + whenDown + ", logonPassword=" + (logonPassword == null ? "none"
                : "****") + "]";
    }

    static Path defaultDataDir() {
        return Paths.get(System.getProperty("karaf.data", "data"));
    }
}
