package io.tradeloom.core.testing;

import io.tradeloom.core.venues.VenueActivity;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every VenueActivity call as "received:venue", "sent:venue" or "error:venue". */
public final class RecordingActivity implements VenueActivity {

    public final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public void received(String venueId) {
        calls.add("received:" + venueId);
    }

    @Override
    public void sent(String venueId) {
        calls.add("sent:" + venueId);
    }

    @Override
    public void error(String venueId) {
        calls.add("error:" + venueId);
    }

    public long count(String call) {
        return calls.stream().filter(call::equals).count();
    }
}
