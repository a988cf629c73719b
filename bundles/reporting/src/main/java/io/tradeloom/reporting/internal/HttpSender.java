package io.tradeloom.reporting.internal;

import io.tradeloom.domain.report.TransactionReport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * HTTP destination: POSTs each report's JSON, with the report id as {@code Idempotency-Key} so that the receiver
 * can drop a resend after a lost answer. 2xx = ACKED; 4xx = REJECTED with status and body as the reason; 5xx, a
 * timeout or a connection failure = RETRY.
 */
public final class HttpSender implements Sender {

    private static final int REASON_MAX = 300;

    private final HttpClient client;
    private final URI uri;
    private final Duration timeout;
    private final String authorization;

    /** @param authorization value of the Authorization header, or null; never logged or shown */
    public HttpSender(URI uri, Duration timeout, String authorization) {
        this.uri = uri;
        this.timeout = timeout;
        this.authorization = authorization;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public CompletionStage<Outcome> send(TransactionReport report) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", report.reportId())
                .POST(HttpRequest.BodyPublishers.ofByteArray(ReportCodec.json(report)));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> {
                    if (error != null) {
                        Throwable cause = error.getCause() != null ? error.getCause() : error;
                        return Outcome.retry(cause instanceof HttpTimeoutException
                                ? "timeout after " + timeout.toMillis() + " ms" : cause.toString());
                    }
                    int status = response.statusCode();
                    if (status >= 200 && status < 300) {
                        return Outcome.acked();
                    }
                    String reason = "HTTP " + status + ": " + trim(response.body());
                    return status >= 400 && status < 500 ? Outcome.rejected(reason) : Outcome.retry(reason);
                });
    }

    private static String trim(String body) {
        if (body == null) {
            return "";
        }
        String oneLine = body.replaceAll("\\s+", " ").strip();
        return oneLine.length() > REASON_MAX ? oneLine.substring(0, REASON_MAX) + "..." : oneLine;
    }

    @Override
    public String target() {
        return "http " + uri;
    }

    @Override
    public void close() {
        // HttpClient has no close in Java 17; its threads end with it.
    }
}
