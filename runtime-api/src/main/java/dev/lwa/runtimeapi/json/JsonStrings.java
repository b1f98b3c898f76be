package dev.lwa.runtimeapi.json;

import dev.lwa.runtimeapi.http.SizedBody;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Decoding a checked JSON string's bytes, {@code b[from, to)} between its quotes, as text or bytes (base64: {@link Base64Text}). */
final class JsonStrings {
    private JsonStrings() {
    }

    /** The text of the string whose quotes are at {@code quote} and {@code after - 1}. */
    static String decode(byte[] b, int quote, int after) {
        int from = quote + 1;
        int to = after - 1;
        if (ByteScan.quoteOrBackslash(b, from, to) < to) {
            return new String(Unescape.toBytes(b, from, to), StandardCharsets.UTF_8);
        }
        return new String(b, from, to - from, StandardCharsets.UTF_8);
    }

    /**
     * The string's bytes as UTF-8, escapes resolved, as a request body written straight from the
     * text: no copy is made.
     *
     * @param decodedLength their number when known ({@link JsonValidator} measures it), else
     *                      {@link JsonNode#NOT_MEASURED} and it is counted here between the escapes
     */
    static SizedBody body(byte[] b, int from, int to, int decodedLength) {
        long length = decodedLength(b, from, to, decodedLength);
        boolean escaped = length < to - from; // every escape is longer than what it stands for
        return new SizedBody() {
            @Override
            public long length() {
                return length;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                if (escaped) {
                    Unescape.write(b, from, to, out);
                } else {
                    out.write(b, from, to - from);
                }
            }
        };
    }

    /**
     * How many bytes {@code b[from, to)} takes with its escapes resolved: {@code measured} when the
     * check measured it, else counted between the escapes (none: the length as written).
     */
    static long decodedLength(byte[] b, int from, int to, int measured) {
        if (measured != JsonNode.NOT_MEASURED) {
            return measured;
        }
        return ByteScan.quoteOrBackslash(b, from, to) < to ? Unescape.decodedLength(b, from, to) : to - from;
    }
}
