package dev.lwa.streaming.internal;

import dev.lwa.core.compress.Compression;
import dev.lwa.core.compress.ContentCoding;
import dev.lwa.core.event.LambdaEvent;
import dev.lwa.runtimeapi.http.Headers;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Whether a streamed response is compressed (D5), by buffered mode's rules (docs/behaviour.md, Compression):
 * the original request's {@code Accept-Encoding} chooses the coding; a body already encoded, a range,
 * images, gRPC, {@code text/event-stream} and a {@code Content-Length} under 32 bytes are left alone.
 *
 * <p>A streamed body of unknown length is compressed even if it turns out to be tiny, as tower-http
 * does: knowing would mean holding the prelude back until the body ends or passes 32 bytes, and the
 * prelude must leave at once.
 */
public final class StreamCompression {

    /**
     * @param headers the headers for the prelude (a rewritten copy when compression applies)
     * @param coding  the coding to apply to the body; empty to send it as it is
     */
    public record Decision(Headers headers, Optional<ContentCoding> coding) {
        public Decision {
            Objects.requireNonNull(headers, "headers");
            Objects.requireNonNull(coding, "coding");
        }
    }

    private StreamCompression() {
    }

    public static Decision decide(LambdaEvent event, int status, Headers appHeaders) {
        if (!(event instanceof LambdaEvent.Http http)) {
            return new Decision(appHeaders, Optional.empty()); // no request headers, so no Accept-Encoding
        }
        // no body at all: known to be 0 bytes, under the minimum, as hyper tells tower-http
        boolean bodiless = Prelude.bodiless(event, status, appHeaders);
        if (!Compression.compressible(appHeaders, bodiless ? OptionalLong.of(0) : OptionalLong.empty())) {
            return new Decision(appHeaders, Optional.empty());
        }
        Headers headers = appHeaders.copy();
        Optional<ContentCoding> coding = Compression.negotiate(http.request().headers().all("accept-encoding"));
        Compression.rewriteHeaders(headers, coding); // Vary: accept-encoding even when the client gets identity
        return new Decision(headers, coding);
    }
}
