package dev.lwa.core.compress;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A body being compressed on its way to {@code target}, for streamed responses (D5).
 *
 * <ul>
 *   <li>{@link #flush()} pushes everything written so far through the encoder as a complete,
 *       decodable block (gzip: a Deflater {@code SYNC_FLUSH}; br: the encoder's flush), then
 *       flushes {@code target}: a client decoding the stream sees those bytes now, not when the
 *       encoder's window fills up. Each flush costs a few bytes of framing, so flush per chunk the
 *       app sent, not per write.</li>
 *   <li>{@link #finish()} ends the coded stream (gzip trailer, br last block), flushes
 *       {@code target} and leaves it open, e.g. for HTTP trailers after the body.</li>
 *   <li>{@link #close()} finishes, then closes {@code target}.</li>
 *   <li>{@link #cutOff()} releases the encoder without ending the coded stream: what was flushed
 *       stays decodable, and a decoder that reaches the end sees the stream cut short (no gzip
 *       trailer, no br last block), as it should when the body it carries broke off.</li>
 * </ul>
 *
 * Call one of the last three on every path, failures included: they release the encoder (for br,
 * native memory that is otherwise left to brotli4j's finalizer). Not thread-safe.
 */
public final class CompressingOutputStream extends OutputStream {
    private final OutputStream target;
    private final ContentCoding coding;
    private final OutputStream encoder;
    private final TargetView view;
    private boolean finished;

    /** @param view what {@code encoder} writes to: {@code target}, seen through {@link #unclosable} */
    CompressingOutputStream(OutputStream target, ContentCoding coding, OutputStream encoder, TargetView view) {
        this.target = Objects.requireNonNull(target, "target");
        this.coding = Objects.requireNonNull(coding, "coding");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.view = Objects.requireNonNull(view, "view");
    }

    /** The coding this stream applies, for the {@code Content-Encoding} that goes with it. */
    public ContentCoding coding() {
        return coding;
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        encoder.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        encoder.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        ensureOpen();
        encoder.flush();
        target.flush();
    }

    /** Ends the coded stream and flushes it to the target, which stays open. Idempotent. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        // The encoder writes to a view of target whose close() only flushes, so closing the
        // encoder ends the coding and frees its native state without closing target.
        encoder.close();
        target.flush();
    }

    /**
     * Releases the encoder and leaves the coded stream without its end; writes nothing more to
     * the target (which may be broken) and leaves it open. Idempotent; after {@link #finish()}, nothing.
     */
    public void cutOff() {
        if (finished) {
            return;
        }
        finished = true;
        view.discard = true; // what closing the encoder writes (the stream's end) goes nowhere
        try {
            encoder.close();
        } catch (IOException | RuntimeException ignored) {
            // nothing reached the target; the encoder is released all the same
        }
    }

    @Override
    public void close() throws IOException {
        try {
            finish();
        } finally {
            target.close();
        }
    }

    private void ensureOpen() throws IOException {
        if (finished) {
            throw new IOException("the " + coding.token() + " stream is already finished; nothing more can be written");
        }
    }

    /** What the encoder writes to: target, except that closing it only flushes. */
    static TargetView unclosable(OutputStream target) {
        return new TargetView(target);
    }

    /** The target as the encoder sees it: closing only flushes, and after a cut-off nothing passes. */
    static final class TargetView extends FilterOutputStream {
        private boolean discard;

        private TargetView(OutputStream target) {
            super(target);
        }

        @Override
        public void write(int b) throws IOException {
            if (!discard) {
                out.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (!discard) {
                out.write(b, off, len); // FilterOutputStream would write byte by byte
            }
        }

        @Override
        public void flush() throws IOException {
            if (!discard) {
                out.flush();
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
