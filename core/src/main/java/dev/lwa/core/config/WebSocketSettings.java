package dev.lwa.core.config;

import dev.lwa.core.config.EnvReader.Raw;
import dev.lwa.core.config.Parser.OnInvalid;
import dev.lwa.core.config.Setting.Default;
import dev.lwa.runtimeapi.http.UrlEncoding;

import java.util.List;
import java.util.Optional;

/**
 * The WebSocket setting ({@link WebSocketRoute}), kept out of {@link Settings} so that the table's
 * own file stays small; its group is one line of {@link Settings#GROUPS}, read after the others.
 */
final class WebSocketSettings {

    private WebSocketSettings() {
    }

    /**
     * Read like the pass-through path (leading {@code /} added, dot segments resolved, {@code ?}
     * and {@code #} encoded). A SnapStart hook path is refused: requests for it are answered 403
     * without reaching the app, so every WebSocket event would be.
     */
    static final Setting<String> WEBSOCKET_PATH = Setting.of("AWS_LWA_WEBSOCKET_PATH",
            new Parser<>("a path, given a leading / and URL-encoded; not a SnapStart hook path", OnInvalid.EXIT,
                    WebSocketSettings::path).emptyIsUnset(),
            Default.none("none: WebSocket events are passed through"),
            "API Gateway WebSocket events (connect, message, disconnect) are POSTed here as HTTP requests, the "
                    + "connection id and route in x-amzn-websocket-* headers, and the app's answer is the route's result.");

    static final Settings.Group GROUP = new Settings.Group("WebSocket APIs",
            "API Gateway WebSocket events as HTTP requests, beyond LWA (WebSocketRoute).", List.of(WEBSOCKET_PATH));

    private static Optional<String> path(Raw raw, EnvReader in) throws ConfigException {
        String path = UrlEncoding.path(raw.value());
        Optional<List<String>> canonical = CanonicalPath.of(path);
        for (Setting<String> hook : List.of(Settings.BEFORE_CHECKPOINT, Settings.AFTER_RESTORE)) {
            Optional<String> hookPath = in.find(hook);
            if (canonical.isPresent() && hookPath.flatMap(CanonicalPath::of).equals(canonical)) {
                throw new ConfigException(raw.variable(), raw.value(), "WebSocket path",
                        "a path other than " + hook.name() + " ('" + hookPath.get() + "'), which only the adapter calls");
            }
        }
        return Optional.of(path);
    }
}
