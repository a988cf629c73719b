package io.tradeloom.broker.fix.internal;

import io.tradeloom.broker.fix.api.FixSessionInfo;

/** What each FIX venue offers the session registry (and through it the shell). */
public interface FixSessionControl {

    String venueId();

    FixSessionInfo info();

    void logon();

    void logout(String reason);

    void reset();
}
