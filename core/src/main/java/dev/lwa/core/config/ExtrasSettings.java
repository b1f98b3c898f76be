package dev.lwa.core.config;

import dev.lwa.core.config.EnvReader.Raw;
import dev.lwa.core.config.Parser.OnInvalid;
import dev.lwa.core.config.Setting.Default;
import dev.lwa.core.event.EventSource;
import dev.lwa.runtimeapi.http.UrlEncoding;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.lwa.core.config.Parsers.BOOLEAN;

/**
 * The settings of {@link InvocationExtras}: things LWA's users asked for on its tracker and never
 * got. Each is off unless set, so an unset environment behaves as LWA does. Kept apart from
 * {@link Settings} (which holds LWA's own) and listed there as one group.
 */
final class ExtrasSettings {

    private ExtrasSettings() {
    }

    private static final String NAMES = Arrays.stream(EventSource.values()).map(EventSource::shortName)
            .collect(Collectors.joining(", "));

    /**
     * A list like the error status codes: a bad entry costs only itself, with a warning. Paths are
     * read as the pass-through path is (leading {@code /} added, URL-encoded), so any text is a path;
     * a SnapStart hook path is refused, as for the pass-through path, because requests for those are
     * never sent.
     */
    static final Setting<Map<EventSource, String>> PASS_THROUGH_ROUTES = Setting.of("AWS_LWA_PASS_THROUGH_ROUTES",
            new Parser<>("source=path pairs separated by commas, such as sqs=/jobs,s3=/uploads; sources: " + NAMES,
                    OnInvalid.SKIPPED, ExtrasSettings::routes).emptyIsUnset(),
            Default.none("none: every event goes to AWS_LWA_PASS_THROUGH_PATH"),
            "Sends pass-through events of a source to a path of their own; sources not named keep AWS_LWA_PASS_THROUGH_PATH.");

    static final Setting<Boolean> EVENT_SOURCE_HEADER = Setting.of("AWS_LWA_EVENT_SOURCE_HEADER", BOOLEAN,
            Default.of(false),
            "Pass-through requests carry x-amzn-event-source (aws:sqs, aws.events, unknown, ...); on whenever routes are set.");

    static final Setting<Boolean> ACCESS_LOG = Setting.of("AWS_LWA_ACCESS_LOG", BOOLEAN, Default.of(false),
            "Logs one INFO line per invocation: method, path, status or error type, duration, bytes in and out.");

    static final Settings.Group GROUP = new Settings.Group("Event sources and access log",
            "Beyond LWA: per-invocation options its users asked for, all off unless set (InvocationExtras).",
            List.of(PASS_THROUGH_ROUTES, EVENT_SOURCE_HEADER, ACCESS_LOG));

    static InvocationExtras read(EnvReader in) {
        return new InvocationExtras(in.get(EVENT_SOURCE_HEADER), in.find(PASS_THROUGH_ROUTES).orElse(Map.of()),
                in.get(ACCESS_LOG));
    }

    private static Optional<Map<EventSource, String>> routes(Raw raw, EnvReader in) {
        Map<EventSource, String> routes = new EnumMap<>(EventSource.class);
        List<String> hooks = hookPaths(in);
        for (String item : raw.value().split(",", -1)) {
            String entry = item.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            Optional<EventSource> source = eq < 0 ? Optional.empty() : EventSource.byShortName(entry.substring(0, eq).strip());
            String path = eq < 0 ? "" : entry.substring(eq + 1).strip();
            String problem = eq < 0 ? "it is not source=path"
                    : source.isEmpty() ? "'" + entry.substring(0, eq).strip() + "' is none of " + NAMES
                    : path.isEmpty() ? "the path is empty"
                    : routes.containsKey(source.get()) ? source.get().shortName() + " already has a route"
                    : null;
            if (problem == null) {
                String encoded = UrlEncoding.path(path);
                if (isHookPath(encoded, hooks)) {
                    problem = "'" + encoded + "' is a SnapStart hook path, which only the adapter calls";
                } else {
                    routes.put(source.get(), encoded);
                    continue;
                }
            }
            in.warn("Environment variable '" + raw.variable() + "' has invalid entry '" + entry + "': " + problem
                    + ". It is skipped.");
        }
        return routes.isEmpty() ? Optional.empty() : Optional.of(routes);
    }

    private static List<String> hookPaths(EnvReader in) {
        return Stream.of(in.find(Settings.BEFORE_CHECKPOINT), in.find(Settings.AFTER_RESTORE))
                .flatMap(Optional::stream).toList();
    }

    private static boolean isHookPath(String path, List<String> hooks) {
        Optional<List<String>> canonical = CanonicalPath.of(path);
        return hooks.stream().anyMatch(h -> CanonicalPath.of(h).equals(canonical) && canonical.isPresent());
    }
}
