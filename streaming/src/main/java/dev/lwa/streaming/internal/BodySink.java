package dev.lwa.streaming.internal;

import java.io.IOException;
import java.io.OutputStream;

/** Where the relayed body goes: the Runtime API stream as is, or through a compressor. */
public sealed interface BodySink {

    void write(byte[] b, int off, int len) throws IOException;

    /** Sends everything written so far as a chunk, in a form the client can already use. */
    void flush() throws IOException;

    /** The app's body ended normally: whatever ends the encoding is written and flushed. */
    void finish() throws IOException;

    /** The body as the app sent it. */
    static BodySink plain(OutputStream out) {
        return new Plain(out);
    }

    record Plain(OutputStream out) implements BodySink {
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void finish() throws IOException {
            out.flush();
        }
    }
}
