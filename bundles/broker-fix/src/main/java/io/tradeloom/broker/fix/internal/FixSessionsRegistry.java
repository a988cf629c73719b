package io.tradeloom.broker.fix.internal;

import io.tradeloom.broker.fix.api.FixSessionInfo;
import io.tradeloom.broker.fix.api.FixSessions;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** All FIX venues of this container, by venue id. */
@Component(service = FixSessions.class)
public class FixSessionsRegistry implements FixSessions {

    private final Map<String, FixSessionControl> sessions = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void add(FixSessionControl control) {
        sessions.put(control.venueId(), control);
    }

    void remove(FixSessionControl control) {
        sessions.remove(control.venueId(), control);
    }

    private FixSessionControl get(String venueId) {
        FixSessionControl c = sessions.get(venueId);
        if (c == null) {
            throw new IllegalArgumentException("id=" + venueId + ": no FIX venue with this id (have " + sessions.keySet()
                    + ")");
        }
        return c;
    }

    @Override
    public List<FixSessionInfo> sessions() {
        return sessions.values().stream().map(FixSessionControl::info)
                .sorted(Comparator.comparing(FixSessionInfo::venueId)).collect(Collectors.toList());
    }

    @Override
    public Optional<FixSessionInfo> session(String venueId) {
        return Optional.ofNullable(sessions.get(venueId)).map(FixSessionControl::info);
    }

    @Override
    public void logon(String venueId) {
        get(venueId).logon();
    }

    @Override
    public void logout(String venueId, String reason) {
        get(venueId).logout(reason);
    }

    @Override
    public void reset(String venueId) {
        get(venueId).reset();
    }
}
