package dev.lwa.runtimeapi.http;

import java.io.OutputStream;

/**
 * The chunked request body a {@link BodyWriter} writes to. Bytes are buffered until
 * {@link #flush()}, which sends them as one chunk at once (so a consumer sees them without waiting
 * for more). The stream is finished by the client after {@link BodyWriter#writeTo} returns:
 * last chunk, then the trailer fields set here.
 */
public abstract class BodyStream extends OutputStream {
    /** Trailer fields sent after the last chunk (replaces earlier ones). */
    public abstract void trailers(Headers trailers);
}
