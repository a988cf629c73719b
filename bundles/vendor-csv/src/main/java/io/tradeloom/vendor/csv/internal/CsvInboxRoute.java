package io.tradeloom.vendor.csv.internal;

import io.tradeloom.camel.api.Endpoints;
import io.tradeloom.domain.marketdata.Bar;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;

import java.util.List;

/**
 * Camel's file consumer on the inbox: polls every 500 ms, takes a file only once its size and date have stayed
 * the same for one check ({@code readLock=changed}), moves it to the done folder when the route succeeds and to the
 * error folder when it fails. The processor decides: a rejected file (or one whose bars could not be delivered)
 * gets its {@code .reason} written by {@link CsvFeed#failed} and then fails the exchange with
 * {@link FileRejectedException}, which is what makes Camel's {@code moveFailed} move it.
 */
final class CsvInboxRoute extends RouteBuilder {

    /** Thrown after the reason was recorded; carries no stack trace, it is not a bug. */
    static final class FileRejectedException extends Exception {
        private static final long serialVersionUID = 1L;

        FileRejectedException(String reason) {
            super(reason, null, false, false);
        }
    }

    private final CsvFeed feed;
    private final CsvConfig folders;
    private final String target;

    CsvInboxRoute(CsvFeed feed) {
        this(feed, Endpoints.MARKETDATA_IN);
    }

    CsvInboxRoute(CsvFeed feed, String target) {
        this.feed = feed;
        this.folders = feed.config();
        this.target = target;
    }

    static String routeId(CsvConfig config) {
        return "vendor-csv-" + config.id();
    }

    String uri() {
        return "file:" + folders.inbox()
                + "?include=RAW((?i).*\\.(csv|txt))"
                + "&delay=500&initialDelay=500"
                + "&readLock=changed&readLockCheckInterval=250&readLockTimeout=10000&readLockMinLength=0"
                + "&move=RAW(" + folders.doneDir() + "/${file:name})"
                + "&moveFailed=RAW(" + folders.errorDir() + "/${file:name})";
    }

    @Override
    public void configure() {
        onException(FileRejectedException.class).handled(false).logExhausted(false).logStackTrace(false);
        from(uri()).routeId(routeId(folders)).process(this::process);
    }

    private void process(Exchange exchange) throws FileRejectedException {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        byte[] content;
        try {
            content = exchange.getMessage().getMandatoryBody(byte[].class);
        } catch (Exception e) {
            String reason = name + ": could not be read: " + e.getMessage();
            feed.failed(name, reason, name);
            throw new FileRejectedException(reason);
        }
        BarFileParser.Outcome outcome = feed.parse(name, content);
        if (outcome instanceof BarFileParser.Rejected r) {
            feed.failed(name, r.reason(), r.rowText().isEmpty() ? name : name + " line " + r.line() + ": "
                    + r.rowText());
            throw new FileRejectedException(r.reason());
        }
        List<Bar> bars = ((BarFileParser.Accepted) outcome).bars();
        int sent = 0;
        try (ProducerTemplate producer = exchange.getContext().createProducerTemplate()) {
            for (Bar bar : bars) {
                producer.sendBody(target, bar);
                sent++;
                feed.sent(bar);
            }
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String reason = name + ": delivery to " + target + " failed at bar " + (sent + 1) + " of " + bars.size()
                    + " (" + sent + " were sent): " + cause.getMessage();
            feed.failed(name, reason, name);
            throw new FileRejectedException(reason);
        }
        feed.done(name, bars.size());
    }
}
