package dev.lwa.core.response;

import dev.lwa.runtimeapi.http.BodyBytes;
import dev.lwa.runtimeapi.json.Base64Text;
import dev.lwa.runtimeapi.json.JsonUtf8;
import dev.lwa.runtimeapi.http.SizedBody;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * A buffered function result, ready to post: its exact length is known before a byte is written,
 * and the app's body goes into it while it is written (escaped as JSON text, or base64), from the
 * bytes the app sent. No copy of the body is made as a {@code String}, a builder or an envelope
 * array, so a 6 MB answer costs its own bytes and an 8 KiB buffer.
 */
public final class Envelope implements SizedBody {
    private static final int BUFFER = 8192;

    /** How the body sits between head and tail. */
    enum Coding {
        /** The bytes as they are (already JSON). */
        RAW,
        /** UTF-8 text, escaped as the content of a JSON string. */
        JSON_TEXT,
        /** Any bytes, base64. */
        BASE64
    }

    private final byte[] head;
    private final BodyBytes body;
    private final Coding coding;
    private final byte[] tail;
    private final long length;

    Envelope(byte[] head, BodyBytes body, Coding coding, byte[] tail) {
        this.head = head;
        this.body = body;
        this.coding = coding;
        this.tail = tail;
        long bodyLength = switch (coding) {
            case RAW -> body.length();
            case JSON_TEXT -> escapedLength(body);
            case BASE64 -> Base64Text.encodedLength(body.length());
        };
        this.length = head.length + bodyLength + tail.length;
    }

    /** A body's pieces end between UTF-8 sequences ({@link BodyBytes}): each is escaped on its own. */
    private static long escapedLength(BodyBytes body) {
        long n = 0;
        for (int i = 0; i < body.pieces(); i++) {
            n += JsonUtf8.escapedLength(body.array(i), body.from(i), body.to(i));
        }
        return n;
    }

    /** A result that is these bytes. */
    static Envelope raw(byte[] json) {
        return new Envelope(new byte[0], BodyBytes.of(json), Coding.RAW, new byte[0]);
    }

    /** The number of bytes {@link #writeTo} writes. */
    @Override
    public long length() {
        return length;
    }

    /** The app's body bytes the result carries (before escaping or base64). */
    public int bodyLength() {
        return (int) body.length();
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        out.write(head);
        switch (coding) {
            case RAW -> body.writeTo(out);
            case JSON_TEXT -> {
                // a small answer gets a small buffer: this one is allocated per invocation
                byte[] buf = new byte[(int) Math.min(BUFFER, Math.max(32, length - head.length - tail.length))];
                for (int i = 0; i < body.pieces(); i++) {
                    JsonUtf8.writeEscaped(body.array(i), body.from(i), body.to(i), out, buf);
                }
            }
            case BASE64 -> Base64Text.write(body, out, new byte[BUFFER]);
        }
        out.write(tail);
    }

    /** The whole result in one array (tests, small results). */
    public byte[] toByteArray() {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(length, Integer.MAX_VALUE - 8));
        try {
            writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }
}
