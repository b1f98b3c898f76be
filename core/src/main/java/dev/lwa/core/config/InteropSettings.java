package dev.lwa.core.config;

import dev.lwa.core.config.EnvReader.Raw;
import dev.lwa.core.config.Parser.OnInvalid;
import dev.lwa.core.config.Setting.Default;
import dev.lwa.runtimeapi.http.HeaderSyntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static dev.lwa.core.config.Parsers.BOOLEAN;

/**
 * The rows of the settings table for {@link Interop}, kept apart from {@link Settings} so that
 * table stays readable. Each is opt-in: unset is LWA's behaviour.
 */
final class InteropSettings {

    private InteropSettings() {
    }

    private static final String LIST = "media types separated by commas, * for any characters, "
            + "such as image/*,application/vnd.*+json";

    /**
     * A media type list changes what every client receives, so a typo is refused rather than
     * skipped: a skipped entry would silently send a body in the other encoding.
     */
    static final Setting<List<String>> BINARY_MEDIA_TYPES = Setting.of("AWS_LWA_BINARY_MEDIA_TYPES",
            new Parser<>(LIST, OnInvalid.EXIT, (raw, in) -> Optional.of(list(raw))).emptyIsUnset(),
            Default.of(List.of(), "none"),
            "Buffered bodies of these types (Content-Type without parameters, any case) go out base64, "
                    + "before lwa's own text rules; a Content-Encoding still makes any body base64.");

    static final Setting<List<String>> TEXT_MEDIA_TYPES = Setting.of("AWS_LWA_TEXT_MEDIA_TYPES",
            new Parser<>(LIST + "; none also in AWS_LWA_BINARY_MEDIA_TYPES", OnInvalid.EXIT,
                    InteropSettings::textTypes).emptyIsUnset(),
            Default.of(List.of(), "none"),
            "Buffered bodies of these types go out as text, before lwa's own rules; an entry without * wins over "
                    + "a wildcard of the other list, else the longer entry, else binary.");

    static final Setting<Boolean> W3C_TRACEPARENT = Setting.of("AWS_LWA_W3C_TRACEPARENT", BOOLEAN, Default.of(false),
            "Send the app a W3C traceparent header made from the invocation's X-Ray trace id (Root, Parent, Sampled), "
                    + "unless the request has one.");

    static final Settings.Group GROUP = new Settings.Group("Beyond LWA",
            "Opt-in settings LWA's users asked for, which LWA does not have (Interop).",
            List.of(BINARY_MEDIA_TYPES, TEXT_MEDIA_TYPES, W3C_TRACEPARENT));

    static Interop interop(EnvReader in) {
        return new Interop(new MediaTypes(in.get(BINARY_MEDIA_TYPES), in.get(TEXT_MEDIA_TYPES)), in.get(W3C_TRACEPARENT));
    }

    private static Optional<List<String>> textTypes(Raw raw, EnvReader in) throws ConfigException {
        List<String> text = list(raw);
        List<String> binary = in.get(BINARY_MEDIA_TYPES);
        for (String entry : text) {
            if (binary.contains(entry)) {
                throw new ConfigException(raw.variable(), raw.value(), "media type list",
                        "no entry that " + BINARY_MEDIA_TYPES.name() + " also has, but both "
                                + BINARY_MEDIA_TYPES.name() + " and " + raw.variable() + " list '" + entry + "'");
            }
        }
        return Optional.of(text);
    }

    /** Entries trimmed and lower-cased, empty ones dropped; each {@code type/subtype} of token characters or {@code *}. */
    private static List<String> list(Raw raw) throws ConfigException {
        List<String> entries = new ArrayList<>();
        for (String item : raw.value().split(",", -1)) {
            String entry = item.trim().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.indexOf('/');
            if (slash <= 0 || slash == entry.length() - 1 || !HeaderSyntax.isToken(entry.substring(0, slash))
                    || !HeaderSyntax.isToken(entry.substring(slash + 1))) {
                throw new ConfigException(raw.variable(), raw.value(), "media type list",
                        LIST + " ('" + item.trim() + "' is not type/subtype)");
            }
            if (!entries.contains(entry)) {
                entries.add(entry);
            }
        }
        return List.copyOf(entries);
    }
}
