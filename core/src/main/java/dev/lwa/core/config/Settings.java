package dev.lwa.core.config;

import dev.lwa.core.config.EnvReader.Raw;
import dev.lwa.core.config.Parser.OnInvalid;
import dev.lwa.core.config.Setting.Default;
import dev.lwa.runtimeapi.http.UrlEncoding;
import dev.lwa.runtimeapi.http.HeaderSyntax;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.lwa.core.config.Parsers.BOOLEAN;
import static dev.lwa.core.config.Parsers.TEXT;

/**
 * Every environment variable the adapter reads, in the order it reads them (and so the order of the
 * warnings), grouped as {@link Config} groups them. {@code docs/settings.md} is generated from this
 * table, and a test fails when the two differ.
 */
final class Settings {

    private Settings() {
    }

    /** Settings that go into one record of {@link Config}. */
    record Group(String title, String about, List<Setting<?>> settings) {
        Group {
            settings = List.copyOf(settings);
        }
    }

    // ---- the app (AppTarget) -----------------------------------------------------------------

    static final Setting<String> HOST = Setting.of("AWS_LWA_HOST", Parsers.HOST, Default.of("127.0.0.1"),
            "The app's host: where requests and readiness probes go.").deprecated("HOST");

    static final Setting<Integer> PORT = Setting.of("AWS_LWA_PORT", Parsers.PORT, Default.of(8080),
            "The app's port.").orElse("PORT");

    static final Setting<Duration> POOL_IDLE_TIMEOUT = Setting.of("AWS_LWA_POOL_IDLE_TIMEOUT_SECONDS",
            Parsers.lenient("a number of seconds, 0 or more, such as 4 or 0.5",
                    v -> Parsers.seconds(v).filter(d -> !d.isNegative())).emptyIsUnset(),
            Default.of(AppTarget.DEFAULT_POOL_IDLE_TIMEOUT, "4"),
            "How long an idle keep-alive connection to the app is kept for the next request; 0: none is reused.");

    // ---- readiness ---------------------------------------------------------------------------

    static final Setting<Integer> READINESS_PORT = Setting.of("AWS_LWA_READINESS_CHECK_PORT", Parsers.PORT,
            Default.sameAs(PORT), "The port the readiness check probes: by default the app's (AWS_LWA_PORT, else PORT, else 8080).")
            .deprecated("READINESS_CHECK_PORT");

    /**
     * LWA appends the path to {@code http://host:port}; a path without a leading {@code /} turns
     * into a broken port and LWA exits 1, so lwa refuses it with a clearer message. The URL parser
     * drops white space at the end of that URL, so LWA probes {@code /health} for
     * {@code "/health "}, and {@code /} for blanks: lwa does too, with a warning.
     */
    private static final String READINESS_PATH_EXPECTED = "a path starting with '/', such as /health";

    static final Setting<String> READINESS_PATH = Setting.of("AWS_LWA_READINESS_CHECK_PATH",
            new Parser<String>(READINESS_PATH_EXPECTED, OnInvalid.EXIT, Settings::readinessPath)
                    .emptyIsUnset(),
            Default.of("/"), "What the HTTP readiness check gets; may carry a query.")
            .deprecated("READINESS_CHECK_PATH");

    static final Setting<ReadinessProtocol> READINESS_PROTOCOL = Setting.of("AWS_LWA_READINESS_CHECK_PROTOCOL",
            Parsers.oneOf(ReadinessProtocol.class), Default.of(ReadinessProtocol.HTTP, "http"),
            "http: ready when a GET of the path answers a healthy status; tcp: when the port accepts a connection. Any letter case (TCP too), as LWA.")
            .deprecated("READINESS_CHECK_PROTOCOL");

    static final Setting<StatusCodes> HEALTHY_STATUS = Setting.of("AWS_LWA_READINESS_CHECK_HEALTHY_STATUS",
            new Parser<>(Parsers.STATUS_CODES.expected(), OnInvalid.SKIPPED, ReadinessRules::healthyStatus),
            Default.of(StatusCodes.range(100, 499)),
            "The statuses that mean ready to the HTTP check; with none, it never succeeds (and a warning says so).")
            .replacing("AWS_LWA_READINESS_CHECK_MIN_UNHEALTHY_STATUS", ReadinessRules::healthyBelow);

    static final Setting<Duration> READINESS_TIMEOUT = Setting.of("AWS_LWA_READINESS_CHECK_TIMEOUT",
            Parsers.DURATION_OR_MILLIS, Default.none("none: wait forever"),
            "How long to wait for the app; then lwa reports an init error naming the last answer, and exits 1.");

    /** LWA 1.1's name and unit for the timeout: applies when the one above is unset. */
    static final Setting<Duration> READINESS_TIMEOUT_SECONDS = Setting.of("AWS_LWA_READINESS_CHECK_TIMEOUT_SECONDS",
            new Parser<>("a number of seconds above 0, such as 10 or 2.5", OnInvalid.IGNORED,
                    ReadinessRules::timeoutSeconds).emptyIsUnset(),
            Default.none("none: wait forever"), "LWA 1.1's name for the timeout, in seconds; AWS_LWA_READINESS_CHECK_TIMEOUT wins when both are set.");

    static final Setting<Boolean> ASYNC_INIT = Setting.of("AWS_LWA_ASYNC_INIT", BOOLEAN, Default.of(false),
            "Wait for the app at most 9.8 s (Lambda's init phase is 10 s), or the timeout if shorter; the first "
                    + "invocation finishes the wait. Ignored with snap-start and provisioned-concurrency, which have no 10 s limit.")
            .deprecated("ASYNC_INIT");

    // ---- requests and responses (Forwarding) -------------------------------------------------

    static final Setting<String> REMOVE_BASE_PATH = Setting.of("AWS_LWA_REMOVE_BASE_PATH",
            new Parser<>("a path prefix such as /prod", OnInvalid.KEPT, Settings::basePath).emptyIsUnset(),
            Default.none("none"), "A prefix taken off request paths, whole segments, once: /prod/x becomes /x.")
            .deprecated("REMOVE_BASE_PATH");

    static final Setting<Boolean> COMPRESSION = Setting.of("AWS_LWA_ENABLE_COMPRESSION", BOOLEAN, Default.of(false),
            "Compress responses with gzip or br as the request's Accept-Encoding allows, streamed ones too.");

    static final Setting<InvokeMode> INVOKE_MODE = Setting.of("AWS_LWA_INVOKE_MODE", Parsers.oneOf(InvokeMode.class),
            Default.of(InvokeMode.BUFFERED, "buffered"),
            "response_stream streams HTTP responses as the app sends them; must match the Function URL's. Any letter case, as LWA.");

    /**
     * LWA sets it with the URL path setter: leading "/" added, dot segments resolved, "?" and "#"
     * encoded (so no query can be smuggled in).
     */
    static final Setting<String> PASS_THROUGH_PATH = Setting.of("AWS_LWA_PASS_THROUGH_PATH",
            new Parser<>("a path, given a leading / and URL-encoded (a warning says when that changes it)", OnInvalid.NONE,
                    (raw, in) -> {
                        String path = UrlEncoding.path(raw.value());
                        if (!path.equals(raw.value())) {
                            in.warn("Environment variable '" + raw.variable() + "' is '" + raw.value()
                                    + "': events are posted to '" + path + "', the path as a URL has it.");
                        }
                        return Optional.of(path);
                    }),
            Default.of("/events"), "Where events that are not HTTP requests (SQS, SNS, S3, ...) are POSTed.");

    /**
     * LWA keeps any value and then warns on every request that the header was not found; a name
     * that cannot be a header never will be, so lwa says so once and drops it.
     */
    static final Setting<String> AUTHORIZATION_SOURCE = Setting.of("AWS_LWA_AUTHORIZATION_SOURCE",
            new Parser<String>("an HTTP header name such as x-auth-token", OnInvalid.IGNORED, (raw, in) -> {
                if (HeaderSyntax.isToken(raw.value())) {
                    return Optional.of(raw.value());
                }
                in.ignored(raw);
                return Optional.empty();
            }).emptyIsUnset(),
            Default.none("none"), "A request header that is sent to the app as Authorization instead.");

    static final Setting<StatusCodes> ERROR_STATUS_CODES = Setting.of("AWS_LWA_ERROR_STATUS_CODES",
            Parsers.STATUS_CODES, Default.of(StatusCodes.none(), "none"),
            "App statuses that fail the invocation with lwa.ErrorStatusCode instead of answering.");

    // ---- the platform ------------------------------------------------------------------------

    static final Setting<String> RUNTIME_API = Setting.of("AWS_LAMBDA_RUNTIME_API",
            Parsers.fatal("Runtime API address", "host:port, such as 127.0.0.1:9001", Parsers::hostPort)
                    .emptyIsUnset(),
            Default.of("127.0.0.1:9001"), "Set by Lambda: the Runtime API. Extension registration always uses it.");

    static final Setting<String> RUNTIME_API_PROXY = Setting.of("AWS_LWA_LAMBDA_RUNTIME_API_PROXY",
            new Parser<>("host:port of a plain-HTTP proxy, such as 127.0.0.1:9009", OnInvalid.EXIT, Settings::proxy),
            Default.sameAs(RUNTIME_API), "Where /next, /response and /error go instead of the Runtime API. Set but empty: a "
                    + "warning, and it is ignored; an http:// prefix is dropped, with a warning.");

    /**
     * Lambda allows at most 1600 invocations at once in one environment (a Managed Instances
     * capacity provider's PerExecutionEnvironmentMaxConcurrency). lwa holds a poller and a queue
     * slot per invocation, so a larger number is capped, with a warning, rather than allocated.
     */
    static final int MOST_CONCURRENCY = 1600;

    static final Setting<Integer> MAX_CONCURRENCY = Setting.of("AWS_LAMBDA_MAX_CONCURRENCY",
            new Parser<Integer>("a whole number from 0 to 4294967295", OnInvalid.DEFAULT, (raw, in) -> {
                Optional<Integer> n = Parsers.positiveU32(raw.value());
                if (n.isEmpty()) {
                    in.invalid(raw);
                } else if (n.get() > MOST_CONCURRENCY) {
                    in.warn("Environment variable '" + raw.variable() + "' is " + raw.value() + ", more than the "
                            + MOST_CONCURRENCY + " invocations Lambda runs at once in one environment: using "
                            + MOST_CONCURRENCY + ".");
                    return Optional.of(MOST_CONCURRENCY);
                }
                return n;
            }),
            Default.of(1, "1 (one invocation at a time)"),
            "Set by Lambda Managed Instances: how many invocations are served at once (0 means 1; above 1600, 1600).");

    static final Setting<InitType> INIT_TYPE = Setting.of("AWS_LAMBDA_INITIALIZATION_TYPE",
            new Parser<>("on-demand, provisioned-concurrency, snap-start; anything else counts as other",
                    OnInvalid.NONE, (raw, in) -> Optional.of(InitType.of(raw.value()))),
            Default.of(InitType.ON_DEMAND, "on-demand"),
            "Set by Lambda. With snap-start, lwa runs the SnapStart hooks and drops every connection from before the snapshot.");

    // ---- SnapStart (SnapStartHooks) ----------------------------------------------------------

    static final Setting<String> BEFORE_CHECKPOINT = Setting.of("AWS_LWA_SNAPSTART_BEFORE_CHECKPOINT_PATH",
            HookPathRule.PARSER, Default.none("none"),
            "A path of the app the adapter POSTs, empty body, before the snapshot; requests for it get 403.");

    static final Setting<String> AFTER_RESTORE = Setting.of("AWS_LWA_SNAPSTART_AFTER_RESTORE_PATH",
            HookPathRule.PARSER, Default.none("none"),
            "A path of the app the adapter POSTs, empty body, after a restore; requests for it get 403.");

    // ---- the function (FunctionInfo) ---------------------------------------------------------

    private static final String CONTEXT = "Set by Lambda; goes into x-amzn-lambda-context.";
    private static final String RUNTIME_ONLY = "Goes into x-amzn-lambda-context. Lambda gives it to the runtime process only,"
            + " not to extensions, so it is empty in Lambda (as with LWA) and in local mode, which gives the adapter what"
            + " Lambda would; in a container outside Lambda it is read if set.";

    static final Setting<String> FUNCTION_NAME = Setting.of("AWS_LAMBDA_FUNCTION_NAME", TEXT,
            Default.of("", "empty"), CONTEXT);

    static final Setting<Integer> FUNCTION_MEMORY = Setting.of("AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            Parsers.lenient("a whole number of megabytes", Parsers::integer), Default.of(0),
            "Set by Lambda; goes into x-amzn-lambda-context and bounds lwa's memory for bodies (0: the heap does).");

    static final Setting<String> FUNCTION_VERSION = Setting.of("AWS_LAMBDA_FUNCTION_VERSION", TEXT,
            Default.of("", "empty"), CONTEXT);

    static final Setting<String> LOG_STREAM = Setting.of("AWS_LAMBDA_LOG_STREAM_NAME", TEXT,
            Default.of("", "empty"), RUNTIME_ONLY);

    static final Setting<String> LOG_GROUP = Setting.of("AWS_LAMBDA_LOG_GROUP_NAME", TEXT,
            Default.of("", "empty"), RUNTIME_ONLY);

    // ---- logging (LogSettings) ---------------------------------------------------------------

    static final Setting<System.Logger.Level> RUST_LOG = Setting.of("RUST_LOG",
            new Parser<>("a plain level word such as debug; a directive list such as info,hyper=off is ignored",
                    OnInvalid.NONE, (raw, in) -> Parsers.logLevel(raw.value())),
            Default.of(System.Logger.Level.INFO),
            "LWA's log filter: the threshold when AWS_LAMBDA_LOG_LEVEL gives none.");

    static final Setting<System.Logger.Level> LOG_LEVEL = Setting.of("AWS_LAMBDA_LOG_LEVEL",
            new Parser<System.Logger.Level>("TRACE, DEBUG, INFO, WARN, ERROR or FATAL", OnInvalid.IGNORED,
                    (raw, in) -> {
                        Optional<System.Logger.Level> level = Parsers.logLevel(raw.value());
                        if (level.isEmpty()) {
                            in.ignored(raw);
                        }
                        return level;
                    }).emptyIsUnset(),
            Default.sameAs(RUST_LOG), "Set by Lambda's logging configuration: the adapter's log threshold.");

    static final Setting<Boolean> LOG_FORMAT = Setting.of("AWS_LAMBDA_LOG_FORMAT",
            new Parser<>("JSON or Text, in any case", OnInvalid.NONE,
                    (raw, in) -> Optional.of(raw.value().equalsIgnoreCase("JSON"))),
            Default.of(false, "Text"),
            "Set by Lambda's logging configuration: JSON makes each log line a JSON object.");

    // ---- the table ---------------------------------------------------------------------------

    static final List<Group> GROUPS = List.of(
            new Group("The app", "Where the app listens (AppTarget).", List.of(HOST, PORT, POOL_IDLE_TIMEOUT)),
            new Group("Readiness", "When the app counts as ready (Readiness).",
                    List.of(READINESS_PORT, READINESS_PATH, READINESS_PROTOCOL, HEALTHY_STATUS, READINESS_TIMEOUT,
                            READINESS_TIMEOUT_SECONDS, ASYNC_INIT)),
            new Group("Requests and responses", "How invocations reach the app and answers come back (Forwarding).",
                    List.of(REMOVE_BASE_PATH, COMPRESSION, INVOKE_MODE, PASS_THROUGH_PATH, AUTHORIZATION_SOURCE,
                            ERROR_STATUS_CODES)),
            new Group("Platform", "Where the Runtime API is and how Lambda runs the function (Platform).",
                    List.of(RUNTIME_API, RUNTIME_API_PROXY, MAX_CONCURRENCY, INIT_TYPE)),
            new Group("SnapStart", "The app's hooks around a SnapStart snapshot (SnapStartHooks).",
                    List.of(BEFORE_CHECKPOINT, AFTER_RESTORE)),
            new Group("The function", "The function's identity as Lambda announces it (FunctionInfo).",
                    List.of(FUNCTION_NAME, FUNCTION_MEMORY, FUNCTION_VERSION, LOG_STREAM, LOG_GROUP)),
            new Group("Logging", "How the adapter logs (LogSettings).", List.of(LOG_LEVEL, RUST_LOG, LOG_FORMAT)),
            InteropSettings.GROUP, WebSocketSettings.GROUP, ExtrasSettings.GROUP);

    /** Every setting, in the order they are read. */
    static final List<Setting<?>> ALL = all();

    private static List<Setting<?>> all() {
        List<Setting<?>> all = new ArrayList<>();
        for (Group group : GROUPS) {
            all.addAll(group.settings());
        }
        return List.copyOf(all);
    }

    // ---- what only one setting needs ---------------------------------------------------------

    private static Optional<String> readinessPath(Raw raw, EnvReader in) throws ConfigException {
        String value = raw.value();
        int end = value.length();
        while (end > 0 && value.charAt(end - 1) <= ' ') { // C0 controls and space: what the URL parser drops
            end--;
        }
        String path = value.substring(0, end);
        if (end < value.length()) {
            path = path.isEmpty() ? "/" : path;
            in.warn("Environment variable '" + raw.variable() + "' ends with white space, which is dropped, as LWA does: "
                    + "the check gets '" + path + "'.");
        }
        if (!path.startsWith("/")) {
            throw new ConfigException(raw.variable(), raw.value(), "path", READINESS_PATH_EXPECTED);
        }
        return Optional.of(path);
    }

    private static Optional<String> basePath(Raw raw, EnvReader in) {
        if (!raw.value().startsWith("/")) {
            in.warn("Environment variable '" + raw.variable() + "' has value '" + raw.value()
                    + "' which does not start with '/', so it never matches a request path.");
        }
        return Optional.of(raw.value());
    }

    /**
     * D9: only invocation traffic goes to the proxy. The LWA docs show {@code http://host:port},
     * which breaks LWA 1.0's registration; lwa accepts it and strips the scheme.
     */
    private static Optional<String> proxy(Raw raw, EnvReader in) throws ConfigException {
        if (raw.value().isEmpty()) {
            in.warn("Environment variable '" + raw.variable() + "' is set but empty: it is ignored and invocations use "
                    + RUNTIME_API.name() + " (" + in.get(RUNTIME_API) + ").");
            return Optional.empty();
        }
        String address = raw.value();
        if (address.regionMatches(true, 0, "http://", 0, 7)) {
            address = address.substring(7);
            if (address.endsWith("/")) {
                address = address.substring(0, address.length() - 1);
            }
            in.warn("Environment variable '" + raw.variable() + "' should be host:port without a scheme: using '"
                    + address + "' (the 'http://' prefix was removed).");
        }
        if (Parsers.hostPort(address).isEmpty()) {
            throw new ConfigException(raw.variable(), raw.value(), "Runtime API address",
                    raw.setting().parser().expected());
        }
        return Optional.of(address);
    }
}
