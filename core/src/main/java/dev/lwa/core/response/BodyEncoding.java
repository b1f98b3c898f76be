package dev.lwa.core.response;

import dev.lwa.core.config.MediaTypes;
import dev.lwa.runtimeapi.http.BodyBytes;
import dev.lwa.runtimeapi.http.Headers;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Whether a buffered body goes into the envelope as text or as base64, by LWA's rules
 * (docs/behaviour.md, "Text or base64", first match wins), and which charset text is decoded with.
 */
public final class BodyEncoding {
    private static final String[] TEXT_PREFIXES = {
            "text", "application/json", "application/javascript", "application/xml", "application/yaml"};
    private static final String[] TEXT_SUFFIXES = {"+xml", "+yaml", "+json"};

    private BodyEncoding() {
    }

    public static boolean isText(Headers headers) {
        return isText(headers, MediaTypes.none());
    }

    /**
     * As {@link #isText(Headers)}, with the user's media type lists ({@code AWS_LWA_TEXT_MEDIA_TYPES},
     * {@code AWS_LWA_BINARY_MEDIA_TYPES}) deciding first. A {@code Content-Encoding} still comes
     * before them: such a body is compressed bytes, which text would corrupt.
     */
    public static boolean isText(Headers headers, MediaTypes overrides) {
        if (headers.contains("content-encoding")) {
            return false;
        }
        Optional<String> type = headers.first("content-type");
        if (type.isEmpty()) {
            return true;
        }
        String raw = type.get();
        if (!overrides.isEmpty()) { // unset: not even the parameters are cut off
            MediaTypes.Choice choice = overrides.choose(raw);
            if (choice != MediaTypes.Choice.AUTOMATIC) {
                return choice == MediaTypes.Choice.TEXT;
            }
        }
        for (String prefix : TEXT_PREFIXES) {
            if (raw.startsWith(prefix)) { // case-sensitive prefix test, as LWA
                return true;
            }
        }
        String mime = mime(raw);
        for (String suffix : TEXT_SUFFIXES) {
            if (mime.endsWith(suffix)) {
                return true;
            }
        }
        return headers.first("x-lambda-http-content-encoding").filter("text"::equals).isPresent();
    }

    /**
     * The {@code charset} parameter of the content type, by the Encoding Standard's labels
     * ({@link TextEncodings}); UTF-8 when absent or unknown.
     */
    public static Charset charset(Headers headers) {
        String type = headers.first("content-type").orElse("");
        for (int semi = type.indexOf(';'); semi >= 0; semi = type.indexOf(';', semi + 1)) {
            int eq = type.indexOf('=', semi);
            int next = type.indexOf(';', semi + 1);
            if (eq < 0 || next >= 0 && next < eq) {
                continue;
            }
            if (!type.substring(semi + 1, eq).trim().equalsIgnoreCase("charset")) {
                continue;
            }
            String label = type.substring(eq + 1, next >= 0 ? next : type.length()).trim();
            if (label.length() >= 2 && label.startsWith("\"") && label.endsWith("\"")) {
                label = label.substring(1, label.length() - 1);
            }
            return TextEncodings.forLabel(label);
        }
        return StandardCharsets.UTF_8;
    }

    /**
     * How a text body is decoded: a byte order mark at its start decides (UTF-8, UTF-16LE or
     * UTF-16BE) and is not part of the text, as in LWA (encoding_rs's {@code decode} sniffs it);
     * otherwise {@link #charset(Headers)}.
     */
    public static TextCoding textCoding(Headers headers, BodyBytes body) {
        int b0 = byteAt(body, 0);
        int b1 = byteAt(body, 1);
        if (b0 == 0xEF && b1 == 0xBB && byteAt(body, 2) == 0xBF) {
            return new TextCoding(StandardCharsets.UTF_8, 3);
        }
        if (b0 == 0xFE && b1 == 0xFF) {
            return new TextCoding(StandardCharsets.UTF_16BE, 2);
        }
        if (b0 == 0xFF && b1 == 0xFE) {
            return new TextCoding(StandardCharsets.UTF_16LE, 2);
        }
        return new TextCoding(charset(headers), 0);
    }

    /** The byte at {@code index} (0-2), or -1 past the end. */
    private static int byteAt(BodyBytes body, int index) {
        int skipped = 0;
        for (int i = 0; i < body.pieces(); i++) {
            int n = body.to(i) - body.from(i);
            if (index < skipped + n) {
                return body.array(i)[body.from(i) + index - skipped] & 0xFF;
            }
            skipped += n;
        }
        return -1;
    }

    /**
     * @param charset   what the text is decoded with
     * @param bomLength bytes of a byte order mark at the start, not part of the text
     */
    public record TextCoding(Charset charset, int bomLength) {
        /** UTF-8 without a byte order mark: the bytes can go on as they are. */
        public boolean isPlainUtf8() {
            return bomLength == 0 && charset.equals(StandardCharsets.UTF_8);
        }

        /** The text (malformed input as U+FFFD). */
        public String decode(BodyBytes body) {
            return decode(body.toByteArray());
        }

        /** As {@link #decode(BodyBytes)}, from the body's bytes in one array. */
        public String decode(byte[] body) {
            return new String(body, bomLength, body.length - bomLength, charset);
        }
    }

    private static String mime(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi >= 0 ? contentType.substring(0, semi) : contentType).trim();
    }
}
