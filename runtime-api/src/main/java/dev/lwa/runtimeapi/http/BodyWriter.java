package dev.lwa.runtimeapi.http;

import java.io.IOException;

/** Writes a streamed request body; called once, on the sending thread. */
@FunctionalInterface
public interface BodyWriter {
    void writeTo(BodyStream out) throws IOException;
}
