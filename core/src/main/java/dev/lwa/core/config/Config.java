package dev.lwa.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static dev.lwa.core.config.Settings.*;

/**
 * Everything the adapter reads from its environment, parsed once at start-up
 * (docs/behaviour.md, "Settings", with D5, D7 and D9). Built from an injected map, never from
 * {@code System.getenv}, so tests and local mode can hand in any environment.
 *
 * @param host                 {@code AWS_LWA_HOST} (alias {@code HOST}), default {@code 127.0.0.1}; a hostname, IPv4 or {@code [IPv6]}
 * @param port                 {@code AWS_LWA_PORT}, else {@code PORT} (not deprecated), else 8080
 * @param readinessPort        {@code AWS_LWA_READINESS_CHECK_PORT} (alias {@code READINESS_CHECK_PORT}), else {@link #port}
 * @param readinessPath        {@code AWS_LWA_READINESS_CHECK_PATH} (alias {@code READINESS_CHECK_PATH}), default {@code /}; may carry a query
 * @param readinessProtocol    {@code AWS_LWA_READINESS_CHECK_PROTOCOL} (alias {@code READINESS_CHECK_PROTOCOL}), default HTTP
 * @param healthyStatus        {@code AWS_LWA_READINESS_CHECK_HEALTHY_STATUS}, default 100-499; may be empty (then HTTP readiness never succeeds)
 * @param readinessTimeout     {@code AWS_LWA_READINESS_CHECK_TIMEOUT} (D7): {@code 30s}, {@code 500ms}, {@code 2m} or plain milliseconds; empty = wait forever
 * @param asyncInit            {@code AWS_LWA_ASYNC_INIT} (alias {@code ASYNC_INIT})
 * @param removeBasePath       {@code AWS_LWA_REMOVE_BASE_PATH} (alias {@code REMOVE_BASE_PATH}); {@code ""} counts as unset
 * @param compression          {@code AWS_LWA_ENABLE_COMPRESSION}; stays on with response streaming (D5)
 * @param invokeMode           {@code AWS_LWA_INVOKE_MODE}, default BUFFERED
 * @param passThroughPath      {@code AWS_LWA_PASS_THROUGH_PATH}, default {@code /events}; always starts with {@code /}
 * @param authorizationSource  {@code AWS_LWA_AUTHORIZATION_SOURCE}: a header name whose value becomes {@code Authorization}
 * @param errorStatusCodes     {@code AWS_LWA_ERROR_STATUS_CODES}, default none
 * @param runtimeApi           {@code AWS_LAMBDA_RUNTIME_API}, else {@code 127.0.0.1:9001}: extension registration always uses it (D9)
 * @param invocationApi        {@code AWS_LWA_LAMBDA_RUNTIME_API_PROXY} when set, else {@link #runtimeApi}: {@code /next}, {@code /response}, {@code /error}
 * @param maxConcurrency       {@code AWS_LAMBDA_MAX_CONCURRENCY} (Managed Instances): number of pollers, at least 1
 * @param snapStart            {@code AWS_LAMBDA_INITIALIZATION_TYPE == snap-start}: no connection reuse to the app
 * @param function             the function's name, memory, version and log names
 * @param log                  log level and format
 * @param warnings             every warning the parse produced, in order, each a complete log line
 */
public record Config(
        String host, int port,
        int readinessPort, String readinessPath, ReadinessProtocol readinessProtocol, StatusCodes healthyStatus,
        Optional<Duration> readinessTimeout,
        boolean asyncInit,
        Optional<String> removeBasePath,
        boolean compression, InvokeMode invokeMode,
        String passThroughPath,
        Optional<String> authorizationSource,
        StatusCodes errorStatusCodes,
        String runtimeApi,
        String invocationApi,
        int maxConcurrency,
        boolean snapStart,
        FunctionInfo function,
        LogSettings log,
        List<String> warnings) {

    public Config {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(readinessPath, "readinessPath");
        Objects.requireNonNull(readinessProtocol, "readinessProtocol");
        Objects.requireNonNull(healthyStatus, "healthyStatus");
        Objects.requireNonNull(readinessTimeout, "readinessTimeout");
        Objects.requireNonNull(removeBasePath, "removeBasePath");
        Objects.requireNonNull(invokeMode, "invokeMode");
        Objects.requireNonNull(passThroughPath, "passThroughPath");
        Objects.requireNonNull(authorizationSource, "authorizationSource");
        Objects.requireNonNull(errorStatusCodes, "errorStatusCodes");
        Objects.requireNonNull(runtimeApi, "runtimeApi");
        Objects.requireNonNull(invocationApi, "invocationApi");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(log, "log");
        warnings = List.copyOf(warnings);
    }

    /** {@code host:port} of the app, e.g. {@code 127.0.0.1:8080} or {@code [::1]:3000}. */
    public String appAuthority() {
        return host + ":" + port;
    }

    /**
     * Parses the environment. Values LWA silently falls back on (booleans, modes, status codes)
     * fall back here too, each with a line in {@link #warnings()}; values LWA refuses to start
     * with (host, ports, readiness path), plus an unreadable readiness timeout or proxy address,
     * throw.
     *
     * @throws ConfigException naming the variable, its value and what was expected
     */
    public static Config fromEnv(Map<String, String> env) throws ConfigException {
        EnvReader in = EnvReader.read(env, Settings.ALL);
        return new Config(
                in.get(HOST), in.get(PORT),
                in.get(READINESS_PORT), in.get(READINESS_PATH), in.get(READINESS_PROTOCOL), in.get(HEALTHY_STATUS),
                in.find(READINESS_TIMEOUT),
                in.get(ASYNC_INIT),
                in.find(REMOVE_BASE_PATH),
                in.get(COMPRESSION), in.get(INVOKE_MODE),
                in.get(PASS_THROUGH_PATH),
                in.find(AUTHORIZATION_SOURCE),
                in.get(ERROR_STATUS_CODES),
                in.get(RUNTIME_API),
                in.get(RUNTIME_API_PROXY),
                in.get(MAX_CONCURRENCY),
                in.get(SNAP_START),
                new FunctionInfo(in.get(FUNCTION_NAME), in.get(FUNCTION_MEMORY), in.get(FUNCTION_VERSION),
                        in.get(LOG_STREAM), in.get(LOG_GROUP)),
                new LogSettings(in.get(LOG_LEVEL), in.get(LOG_FORMAT)),
                in.warnings());
    }
}
