package dev.lwa.runtimeapi.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A request body that knows its exact length before it is written and can be written again (a
 * request on a stale pooled connection is repeated). Writing fewer or more bytes than
 * {@link #length()} fails the request.
 */
public interface SizedBody {
    long length();

    void writeTo(OutputStream out) throws IOException;
}
