package dev.lwa.runtimeapi.http;

import java.util.Objects;

/** What a request carries after its header section. */
public sealed interface RequestBody {

    /** No body and no Content-Length header (e.g. a bare GET). */
    record Empty() implements RequestBody {
    }

    /** A body known in advance: sent with Content-Length (even when 0), replayable on a stale connection. */
    record Bytes(byte[] bytes) implements RequestBody {
        public Bytes {
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /**
     * A body of known length written while it is sent (an envelope escaped from the bytes it
     * carries): sent with Content-Length, replayable, since the writer can write it again.
     */
    record Sized(SizedBody body) implements RequestBody {
        public Sized {
            Objects.requireNonNull(body, "body");
        }
    }

    /**
     * A body produced while it is sent: Transfer-Encoding chunked, one chunk per
     * {@link BodyStream#flush()}, optional trailer fields at the end. Not replayable, so never
     * retried.
     */
    record Streaming(BodyWriter writer) implements RequestBody {
        public Streaming {
            Objects.requireNonNull(writer, "writer");
        }
    }

    RequestBody EMPTY = new Empty();

    static RequestBody of(byte[] bytes) {
        return new Bytes(bytes);
    }

    static RequestBody of(SizedBody body) {
        return new Sized(body);
    }

    static RequestBody streaming(BodyWriter writer) {
        return new Streaming(writer);
    }
}
