package dev.lwa.streaming.internal;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Counts the body bytes handed to the Runtime API stream, after any compression: what the access
 * log reports as sent (the app's own count is {@link BodyRelay#bytesRead}). Closing it closes
 * nothing: the client ends the stream, after the trailers.
 */
public final class SentCount extends OutputStream {
    private final OutputStream out;
    private long bytes;

    public SentCount(OutputStream out) {
        this.out = out;
    }

    public long bytes() {
        return bytes;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        bytes += len;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }
}
