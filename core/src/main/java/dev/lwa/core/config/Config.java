package dev.lwa.core.config;

import dev.lwa.runtimeapi.http.UrlEncoding;

import dev.lwa.core.config.EnvReader.Setting;

import java.net.Inet6Address;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_RUNTIME_API = "127.0.0.1:9001";
    public static final String DEFAULT_PASS_THROUGH_PATH = "/events";

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
        EnvReader in = new EnvReader(env);

        String host = parseHost(in.getWithDeprecated("AWS_LWA_HOST", "HOST"));
        Optional<Setting> portSetting = in.getOrFallback("AWS_LWA_PORT", "PORT");
        int port = portSetting.isPresent() ? parsePort(portSetting.get()) : DEFAULT_PORT;
        Optional<Setting> readinessPortSetting = in.getWithDeprecated("AWS_LWA_READINESS_CHECK_PORT", "READINESS_CHECK_PORT");
        int readinessPort = readinessPortSetting.isPresent() ? parsePort(readinessPortSetting.get()) : port;
        String readinessPath = parseReadinessPath(in.getWithDeprecated("AWS_LWA_READINESS_CHECK_PATH", "READINESS_CHECK_PATH"));
        ReadinessProtocol protocol = parseProtocol(in, in.getWithDeprecated("AWS_LWA_READINESS_CHECK_PROTOCOL", "READINESS_CHECK_PROTOCOL"));
        StatusCodes healthy = parseHealthyStatus(in, protocol);
        Optional<Duration> readinessTimeout = parseReadinessTimeout(in.get("AWS_LWA_READINESS_CHECK_TIMEOUT"));
        boolean asyncInit = in.bool(in.getWithDeprecated("AWS_LWA_ASYNC_INIT", "ASYNC_INIT"));
        Optional<String> removeBasePath = parseRemoveBasePath(in, in.getWithDeprecated("AWS_LWA_REMOVE_BASE_PATH", "REMOVE_BASE_PATH"));
        boolean compression = in.bool(in.get("AWS_LWA_ENABLE_COMPRESSION"));
        InvokeMode invokeMode = parseInvokeMode(in, in.get("AWS_LWA_INVOKE_MODE"));
        // LWA sets it with the URL path setter: leading "/" added, dot segments resolved, "?" and "#"
        // encoded (so no query can be smuggled in).
        String passThroughPath = in.get("AWS_LWA_PASS_THROUGH_PATH").map(s -> UrlEncoding.path(s.value())).orElse(DEFAULT_PASS_THROUGH_PATH);
        Optional<String> authorizationSource = parseAuthorizationSource(in, in.get("AWS_LWA_AUTHORIZATION_SOURCE"));
        StatusCodes errorStatusCodes = in.get("AWS_LWA_ERROR_STATUS_CODES")
                .map(s -> StatusCodes.parse(s.value(), in.warnings()))
                .orElse(StatusCodes.none());
        String runtimeApi = in.get("AWS_LAMBDA_RUNTIME_API").map(Setting::value).filter(v -> !v.isEmpty()).orElse(DEFAULT_RUNTIME_API);
        if (!isHostPort(runtimeApi)) {
            throw new ConfigException("AWS_LAMBDA_RUNTIME_API", runtimeApi, "Runtime API address",
                    "host:port, such as 127.0.0.1:9001");
        }
        String invocationApi = parseRuntimeApiProxy(in, in.get("AWS_LWA_LAMBDA_RUNTIME_API_PROXY"), runtimeApi);
        int maxConcurrency = parseMaxConcurrency(in, in.get("AWS_LAMBDA_MAX_CONCURRENCY"));
        boolean snapStart = in.get("AWS_LAMBDA_INITIALIZATION_TYPE").map(s -> s.value().equals("snap-start")).orElse(false);
        FunctionInfo function = new FunctionInfo(
                text(in, "AWS_LAMBDA_FUNCTION_NAME"),
                parseMemory(in, in.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")),
                text(in, "AWS_LAMBDA_FUNCTION_VERSION"),
                text(in, "AWS_LAMBDA_LOG_STREAM_NAME"),
                text(in, "AWS_LAMBDA_LOG_GROUP_NAME"));
        LogSettings log = new LogSettings(
                parseLogLevel(in),
                in.get("AWS_LAMBDA_LOG_FORMAT").map(s -> s.value().equalsIgnoreCase("JSON")).orElse(false));

        return new Config(host, port, readinessPort, readinessPath, protocol, healthy, readinessTimeout, asyncInit,
                removeBasePath, compression, invokeMode, passThroughPath, authorizationSource, errorStatusCodes,
                runtimeApi, invocationApi, maxConcurrency, snapStart, function, log, in.warnings());
    }

    // ---- app address -------------------------------------------------------------------------

    private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\.?");
    private static final Pattern NUMERIC_HOST = Pattern.compile("[0-9.]+");
    private static final String HOST_EXPECTED = "a hostname, an IPv4 address or a bracketed IPv6 address such as [::1]";

    private static String parseHost(Optional<Setting> setting) throws ConfigException {
        if (setting.isEmpty()) {
            return DEFAULT_HOST;
        }
        String value = setting.get().value();
        if (!isValidHost(value)) {
            throw new ConfigException(setting.get().variable(), value, "host", HOST_EXPECTED);
        }
        return value;
    }

    /**
     * What a URL accepts as the host part of {@code http://host:port}, restricted to the forms
     * people write: names (labels of letters, digits, {@code -}, {@code _}), dotted-quad IPv4,
     * or an IPv6 literal in brackets.
     */
    static boolean isValidHost(String host) {
        if (host.length() > 2 && host.startsWith("[") && host.endsWith("]")) {
            try {
                Inet6Address.ofLiteral(host.substring(1, host.length() - 1));
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        if (host.length() > 253 || !HOSTNAME.matcher(host).matches()) {
            return false;
        }
        if (NUMERIC_HOST.matcher(host).matches()) {
            // a URL parser reads an all-numeric host as IPv4, so it has to be a real one
            String[] parts = host.split("\\.", -1);
            if (parts.length != 4) {
                return false;
            }
            for (String part : parts) {
                if (part.isEmpty() || part.length() > 3 || Integer.parseInt(part) > 255) {
                    return false;
                }
            }
        }
        return true;
    }

    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    private static int parsePort(Setting setting) throws ConfigException {
        String value = setting.value();
        if (PORT.matcher(value).matches()) {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        }
        throw new ConfigException(setting.variable(), value, "port", "a number from 1 to 65535");
    }

    // ---- readiness ---------------------------------------------------------------------------

    /**
     * LWA appends the path to {@code http://host:port}; a path without a leading {@code /} turns
     * into a broken port and LWA exits 1, so lwa refuses it with a clearer message. {@code ""}
     * gives {@code http://host:port}, i.e. {@code /}, as in LWA.
     */
    private static String parseReadinessPath(Optional<Setting> setting) throws ConfigException {
        if (setting.isEmpty() || setting.get().value().isEmpty()) {
            return "/";
        }
        String value = setting.get().value();
        if (!value.startsWith("/")) {
            throw new ConfigException(setting.get().variable(), value, "path", "a path starting with '/', such as /health");
        }
        return value;
    }

    private static ReadinessProtocol parseProtocol(EnvReader in, Optional<Setting> setting) {
        if (setting.isEmpty()) {
            return ReadinessProtocol.HTTP;
        }
        return switch (setting.get().value().toLowerCase(Locale.ROOT)) {
            case "http" -> ReadinessProtocol.HTTP;
            case "tcp" -> ReadinessProtocol.TCP;
            default -> {
                // LWA silently means HTTP here
                in.warnInvalid(setting.get(), "http or tcp", "http");
                yield ReadinessProtocol.HTTP;
            }
        };
    }

    private static StatusCodes parseHealthyStatus(EnvReader in, ReadinessProtocol protocol) {
        in.get("AWS_LWA_READINESS_CHECK_MIN_UNHEALTHY_STATUS").ifPresent(removed -> {
            // LWA 1.0 ignores it without a word; a user upgrading from 0.x deserves to know
            String replacement = minUnhealthyReplacement(removed.value());
            in.warn("Environment variable 'AWS_LWA_READINESS_CHECK_MIN_UNHEALTHY_STATUS' was removed in version 1.0 "
                    + "and is ignored. Please use 'AWS_LWA_READINESS_CHECK_HEALTHY_STATUS=" + replacement + "' instead.");
        });
        Optional<Setting> setting = in.get("AWS_LWA_READINESS_CHECK_HEALTHY_STATUS");
        if (setting.isEmpty()) {
            return StatusCodes.range(100, 499);
        }
        StatusCodes healthy = StatusCodes.parse(setting.get().value(), in.warnings());
        if (healthy.isEmpty() && protocol == ReadinessProtocol.HTTP) {
            in.warn("Environment variable 'AWS_LWA_READINESS_CHECK_HEALTHY_STATUS' ('" + setting.get().value()
                    + "') contains no status code, so the HTTP readiness check can never succeed.");
        }
        return healthy;
    }

    /** {@code MIN_UNHEALTHY_STATUS=N} meant healthy iff {@code 100 <= status < N}. */
    private static String minUnhealthyReplacement(String value) {
        String v = value.strip();
        if (PORT.matcher(v).matches()) {
            int n = Integer.parseInt(v);
            if (n > 100) {
                return "100-" + (n - 1);
            }
        }
        return "100-<N-1>";
    }

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,12})(ms|s|m)?");

    /** D7. {@code ""} counts as unset (templates often pass empty for "not configured"). */
    private static Optional<Duration> parseReadinessTimeout(Optional<Setting> setting) throws ConfigException {
        if (setting.isEmpty() || setting.get().value().isEmpty()) {
            return Optional.empty();
        }
        String value = setting.get().value();
        Matcher m = DURATION.matcher(value);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            Duration timeout = switch (m.group(2) == null ? "ms" : m.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofMillis(amount);
            };
            if (!timeout.isZero()) {
                return Optional.of(timeout);
            }
        }
        throw new ConfigException(setting.get().variable(), value, "duration",
                "a positive number of milliseconds, or a number with the unit ms, s or m, such as 500ms, 30s or 2m");
    }

    // ---- requests and responses --------------------------------------------------------------

    private static Optional<String> parseRemoveBasePath(EnvReader in, Optional<Setting> setting) {
        Optional<Setting> set = setting.filter(s -> !s.value().isEmpty());
        set.filter(s -> !s.value().startsWith("/")).ifPresent(s -> in.warn("Environment variable '" + s.variable()
                + "' has value '" + s.value() + "' which does not start with '/', so it never matches a request path."));
        return set.map(Setting::value);
    }

    private static InvokeMode parseInvokeMode(EnvReader in, Optional<Setting> setting) {
        if (setting.isEmpty()) {
            return InvokeMode.BUFFERED;
        }
        return switch (setting.get().value().toLowerCase(Locale.ROOT)) {
            case "buffered" -> InvokeMode.BUFFERED;
            case "response_stream" -> InvokeMode.RESPONSE_STREAM;
            default -> {
                in.warnInvalid(setting.get(), "buffered or response_stream", "buffered");
                yield InvokeMode.BUFFERED;
            }
        };
    }

    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /**
     * LWA keeps any value and then warns on every request that the header was not found; a name
     * that cannot be a header never will be, so lwa says so once and drops it. {@code ""} counts
     * as unset.
     */
    private static Optional<String> parseAuthorizationSource(EnvReader in, Optional<Setting> setting) {
        Optional<Setting> set = setting.filter(s -> !s.value().isEmpty());
        if (set.isPresent() && !HEADER_NAME.matcher(set.get().value()).matches()) {
            in.warn("Environment variable '" + set.get().variable() + "' has invalid value '" + set.get().value()
                    + "': expected an HTTP header name such as x-auth-token. It is ignored.");
            return Optional.empty();
        }
        return set.map(Setting::value);
    }

    // ---- platform ----------------------------------------------------------------------------

    /**
     * D9: only invocation traffic goes to the proxy. The LWA docs show {@code http://host:port},
     * which breaks LWA 1.0's registration; lwa accepts it and strips the scheme.
     */
    private static String parseRuntimeApiProxy(EnvReader in, Optional<Setting> setting, String runtimeApi) throws ConfigException {
        if (setting.isEmpty()) {
            return runtimeApi;
        }
        String variable = setting.get().variable();
        String value = setting.get().value();
        if (value.isEmpty()) {
            in.warn("Environment variable '" + variable + "' is set but empty: it is ignored and invocations use "
                    + "AWS_LAMBDA_RUNTIME_API (" + runtimeApi + ").");
            return runtimeApi;
        }
        String address = value;
        if (address.regionMatches(true, 0, "http://", 0, 7)) {
            address = address.substring(7);
            if (address.endsWith("/")) {
                address = address.substring(0, address.length() - 1);
            }
            in.warn("Environment variable '" + variable + "' should be host:port without a scheme: using '"
                    + address + "' (the 'http://' prefix was removed).");
        }
        if (!isHostPort(address)) {
            throw new ConfigException(variable, value, "Runtime API address",
                    "host:port of a plain-HTTP proxy, such as 127.0.0.1:9009");
        }
        return address;
    }

    private static boolean isHostPort(String address) {
        int colon = address.lastIndexOf(':');
        return colon > 0
                && isValidHost(address.substring(0, colon))
                && PORT.matcher(address.substring(colon + 1)).matches()
                && Integer.parseInt(address.substring(colon + 1)) >= 1
                && Integer.parseInt(address.substring(colon + 1)) <= 65535;
    }

    /**
     * Rust runtime: {@code u32 > 0}; unset, unreadable or 0 mean one invocation at a time.
     * LWA is silent on unreadable values; lwa warns.
     */
    private static int parseMaxConcurrency(EnvReader in, Optional<Setting> setting) {
        if (setting.isEmpty()) {
            return 1;
        }
        String value = setting.get().value();
        String digits = value.startsWith("+") ? value.substring(1) : value;
        if (!digits.isEmpty() && digits.length() <= 10 && digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            long n = Long.parseLong(digits);
            if (n <= 0xFFFF_FFFFL) {
                return Math.clamp(n, 1, Integer.MAX_VALUE);
            }
        }
        in.warnInvalid(setting.get(), "a whole number from 1 to 4294967295", "1 (one invocation at a time)");
        return 1;
    }

    private static String text(EnvReader in, String variable) {
        return in.get(variable).map(Setting::value).orElse("");
    }

    private static int parseMemory(EnvReader in, Optional<Setting> setting) {
        if (setting.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(setting.get().value());
        } catch (NumberFormatException e) {
            in.warnInvalid(setting.get(), "a whole number of megabytes", "0");
            return 0;
        }
    }

    /**
     * {@code AWS_LAMBDA_LOG_LEVEL}, else {@code RUST_LOG} when it is a plain level word (a
     * directive list like {@code info,hyper=off} is Rust-specific and ignored), else INFO.
     */
    private static System.Logger.Level parseLogLevel(EnvReader in) {
        Optional<Setting> lambda = in.get("AWS_LAMBDA_LOG_LEVEL");
        if (lambda.isPresent()) {
            Optional<System.Logger.Level> level = logLevel(lambda.get().value());
            if (level.isPresent()) {
                return level.get();
            }
            if (!lambda.get().value().isEmpty()) {
                in.warn("Environment variable 'AWS_LAMBDA_LOG_LEVEL' has invalid value '" + lambda.get().value()
                        + "': expected TRACE, DEBUG, INFO, WARN, ERROR or FATAL. It is ignored.");
            }
        }
        return in.get("RUST_LOG").flatMap(s -> logLevel(s.value())).orElse(System.Logger.Level.INFO);
    }

    private static Optional<System.Logger.Level> logLevel(String word) {
        return switch (word.strip().toLowerCase(Locale.ROOT)) {
            case "trace" -> Optional.of(System.Logger.Level.TRACE);
            case "debug" -> Optional.of(System.Logger.Level.DEBUG);
            case "info" -> Optional.of(System.Logger.Level.INFO);
            case "warn" -> Optional.of(System.Logger.Level.WARNING);
            case "error", "fatal" -> Optional.of(System.Logger.Level.ERROR);
            default -> Optional.empty();
        };
    }
}
