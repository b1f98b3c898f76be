package dev.lwa.core.response;

import dev.lwa.core.config.MediaTypes;
import dev.lwa.runtimeapi.http.Headers;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a buffered body goes into the envelope as text or as base64, by LWA's rules
 * (docs/behaviour.md, "Text or base64", first match wins), and which charset text is decoded with.
 */
public final class BodyEncoding {
    private static final String[] TEXT_PREFIXES = {
            "text", "application/json", "application/javascript", "application/xml", "application/yaml"};
    private static final String[] TEXT_SUFFIXES = {"+xml", "+yaml", "+json"};
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

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

    /** The {@code charset} parameter of the content type, UTF-8 when absent or unknown. */
    public static Charset charset(Headers headers) {
        String type = headers.first("content-type").orElse("");
        int i = type.toLowerCase(Locale.ROOT).indexOf("charset=");
        if (i < 0) {
            return StandardCharsets.UTF_8;
        }
        String label = type.substring(i + 8);
        int end = label.indexOf(';');
        label = (end >= 0 ? label.substring(0, end) : label).trim();
        if (label.length() >= 2 && label.startsWith("\"") && label.endsWith("\"")) {
            label = label.substring(1, label.length() - 1);
        }
        try {
            Charset charset = Charset.forName(label);
            // The Encoding Standard (encoding_rs, as LWA) reads the latin1 and ascii labels as
            // windows-1252, so 0x80-0x9F are € and curly quotes rather than C1 controls or U+FFFD.
            return charset.equals(StandardCharsets.ISO_8859_1) || charset.equals(StandardCharsets.US_ASCII)
                    ? WINDOWS_1252 : charset;
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private static String mime(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi >= 0 ? contentType.substring(0, semi) : contentType).trim();
    }
}
