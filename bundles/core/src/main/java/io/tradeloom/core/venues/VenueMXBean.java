package io.tradeloom.core.venues;

/** JMX view of one venue: {@code io.tradeloom:type=venue,name=<id>}, the same figures as tradeloom:venues. */
public interface VenueMXBean {

    String getId();

    String getKind();

    String getAdapter();

    String getBundle();

    String getState();

    String getDetail();

    long getMessagesIn();

    long getMessagesOut();

    long getErrors();

    long getLastMessageAgeMillis();
}
