package dev.lwa.emulator.internal;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What has arrived so far of a runtime's answer ({@code /response} or {@code /error}). Written by the
 * thread reading the request; read by whoever completes the invocation, which may be the timeout
 * timer while bytes are still coming in, hence the locking.
 */
public final class AnswerProgress {

    private final Map<String, List<String>> headers;
    private final Optional<String> contentType;
    private final boolean streamed;
    private final boolean keepBody;
    private final long headersNanos;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final Map<String, String> trailers = new LinkedHashMap<>();
    private long firstByteNanos;
    private long bytesReceived;
    private Optional<byte[]> prelude = Optional.empty();

    public AnswerProgress(Map<String, List<String>> headers, Optional<String> contentType, boolean streamed,
                          boolean keepBody, long headersNanos) {
        this.headers = headers;
        this.contentType = contentType;
        this.streamed = streamed;
        this.keepBody = keepBody;
        this.headersNanos = headersNanos;
    }

    /** Counts raw bytes read from the request (prelude and NULs included) and notes the first one. */
    public synchronized void received(int count, long nanos) {
        if (count > 0 && firstByteNanos == 0) {
            firstByteNanos = nanos;
        }
        bytesReceived += count;
    }

    public synchronized long bytesReceived() {
        return bytesReceived;
    }

    public synchronized void body(byte[] bytes) {
        if (keepBody) {
            body.writeBytes(bytes);
        }
    }

    public synchronized void prelude(byte[] bytes) {
        prelude = Optional.of(bytes);
    }

    public synchronized void trailers(Map<String, String> values) {
        trailers.putAll(values);
    }

    public Map<String, List<String>> headers() {
        return headers;
    }

    public Optional<String> contentType() {
        return contentType;
    }

    public boolean streamed() {
        return streamed;
    }

    /** A consistent copy of everything received so far. */
    public synchronized Snapshot snapshot() {
        return new Snapshot(body.toByteArray(), prelude, Map.copyOf(trailers),
                firstByteNanos == 0 ? headersNanos : firstByteNanos);
    }

    public record Snapshot(byte[] body, Optional<byte[]> prelude, Map<String, String> trailers, long firstByteNanos) {
    }
}
