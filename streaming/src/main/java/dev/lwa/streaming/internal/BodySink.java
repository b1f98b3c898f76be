package dev.lwa.streaming.internal;

import dev.lwa.core.compress.CompressingOutputStream;

import java.io.IOException;
import java.io.OutputStream;

/** Where the relayed body goes: the Runtime API stream as is, or through a compressor (D5). */
public sealed interface BodySink {

    void write(byte[] b, int off, int len) throws IOException;

    /** Sends everything written so far as a chunk, in a form the client can already use. */
    void flush() throws IOException;

    /** No more body: ends the coding (gzip trailer, br last block) and flushes. */
    void finish() throws IOException;

    /**
     * The app's body broke off: what did arrive is flushed and decodes, but the coding is left
     * without its end, so a client that decodes it sees the body cut short (with no
     * {@code Content-Length} left, that is the only sign a compressed body has); the failure
     * itself goes in the trailers.
     */
    void breakOff() throws IOException;

    /**
     * The Runtime API stream failed: nothing more can be sent, but an encoder's state (for br,
     * native memory) is released now rather than by a finalizer. Never throws.
     */
    default void abandon() {
    }

    /** The body as the app sent it. */
    static BodySink plain(OutputStream out) {
        return new Plain(out);
    }

    /** The body compressed; each {@link #flush()} emits a block the client can decode at once. */
    static BodySink compressed(CompressingOutputStream out) {
        return new Compressed(out);
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

        @Override
        public void breakOff() throws IOException {
            out.flush(); // a Content-Length the app sent, now unmet, says the body was cut
        }
    }

    record Compressed(CompressingOutputStream out) implements BodySink {
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush(); // SYNC_FLUSH (br: the encoder's flush), then the Runtime API stream
        }

        @Override
        public void finish() throws IOException {
            out.finish(); // leaves the Runtime API stream open for the trailers
        }

        @Override
        public void breakOff() throws IOException {
            try {
                out.flush();
            } finally {
                out.cutOff(); // the encoder is released even when the flush failed
            }
        }

        @Override
        public void abandon() {
            out.cutOff(); // the stream under it is broken: nothing more is written to it
        }
    }
}
