package dev.lwa.core.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import static dev.lwa.core.config.Settings.*;

/**
 * Everything the adapter reads from its environment, parsed once at start-up, grouped by who uses
 * it. Built from an injected map, never from {@code System.getenv}, so tests and local mode can hand
 * in any environment. Each variable, its default and how it is read are in {@link Settings}, the
 * table {@code docs/settings.md} is generated from.
 *
 * @param app        where the app listens
 * @param readiness  when the app counts as ready
 * @param forwarding how invocations reach the app and its answers come back
 * @param platform   where the Runtime API is and how Lambda runs the function
 * @param snapStart  the app's SnapStart hook paths
 * @param function   the function's name, memory, version and log names
 * @param log        log level and format
 * @param warnings   every warning the parse produced, in order, each a complete log line
 * @param interop    opt-in settings beyond LWA: media type overrides, W3C trace context (all off: LWA's behaviour)
 * @param webSocket  where API Gateway WebSocket events go, beyond LWA; off unless set
 * @param extras     what lwa does beyond LWA per invocation (source routes and header, access log)
 */
public record Config(AppTarget app, Readiness readiness, Forwarding forwarding, Platform platform,
                     SnapStartHooks snapStart, FunctionInfo function, LogSettings log, List<String> warnings,
                     Interop interop, WebSocketRoute webSocket, InvocationExtras extras) {

    public Config {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(forwarding, "forwarding");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(snapStart, "snapStart");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(log, "log");
        warnings = List.copyOf(warnings);
        Objects.requireNonNull(interop, "interop");
        Objects.requireNonNull(webSocket, "webSocket");
        Objects.requireNonNull(extras, "extras");
    }

    /**
     * Parses the environment. Values LWA silently falls back on (booleans, modes, status codes)
     * fall back here too, each with a line in {@link #warnings()}; values LWA refuses to start
     * with (host, ports, readiness path), plus an unreadable readiness timeout or Runtime API
     * address and an unusable SnapStart hook path, throw.
     *
     * @throws ConfigException naming the variable, its value and what was expected
     */
    public static Config fromEnv(Map<String, String> env) throws ConfigException {
        EnvReader in = EnvReader.read(env, Settings.ALL);
        return new Config(
                new AppTarget(in.get(HOST), in.get(PORT), in.get(POOL_IDLE_TIMEOUT)),
                new Readiness(in.get(READINESS_PORT), in.get(READINESS_PATH), in.get(READINESS_PROTOCOL),
                        in.get(HEALTHY_STATUS),
                        in.find(READINESS_TIMEOUT).or(() -> in.find(READINESS_TIMEOUT_SECONDS)), in.get(ASYNC_INIT)),
                new Forwarding(in.find(REMOVE_BASE_PATH), in.get(COMPRESSION), in.get(INVOKE_MODE),
                        in.get(PASS_THROUGH_PATH), in.find(AUTHORIZATION_SOURCE), in.get(ERROR_STATUS_CODES)),
                new Platform(in.get(RUNTIME_API), in.get(RUNTIME_API_PROXY), in.get(MAX_CONCURRENCY),
                        in.get(INIT_TYPE)),
                new SnapStartHooks(in.find(BEFORE_CHECKPOINT), in.find(AFTER_RESTORE)),
                new FunctionInfo(in.get(FUNCTION_NAME), in.get(FUNCTION_MEMORY), in.get(FUNCTION_VERSION),
                        in.get(LOG_STREAM), in.get(LOG_GROUP)),
                new LogSettings(in.get(LOG_LEVEL), in.get(LOG_FORMAT)),
                in.warnings(),
                InteropSettings.interop(in),
                new WebSocketRoute(in.find(WebSocketSettings.WEBSOCKET_PATH)),
                ExtrasSettings.read(in));
    }
}
