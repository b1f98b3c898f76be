package dev.lwa.bootstrap.local;

import dev.lwa.emulator.Trigger;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The command line of {@code ./lwa local}.
 *
 * @param appPort        {@code --app-port}, empty when not given (then AWS_LWA_PORT, PORT or 8080 decide)
 * @param trigger        what stands in front of the function: its events, answers and limits
 * @param runtimeApiPort where the emulator's Runtime API listens; 0: a port the OS chooses
 * @param concurrency    invocations at once: 1, one request after another as one Lambda environment
 *                       serves them; more, as Managed Instances serve them (AWS_LAMBDA_MAX_CONCURRENCY)
 */
record LocalOptions(int port, OptionalInt appPort, boolean streaming, Duration timeout, boolean snapStart, String functionName,
                    List<String> command, Trigger trigger, int runtimeApiPort, int concurrency) {
    /** More would only be threads waiting on one app; Managed Instances allow 64 per vCPU, which few apps can take. */
    static final int MAX_CONCURRENCY = 64;
    /** SAM names the stage of the REST API it creates for a function {@code Prod}; a REST API always has one. */
    static final String DEFAULT_REST_STAGE = "Prod";
    static final String USAGE = """
            usage: ./lwa local [--port 9000] [--app-port 8080] [--trigger function-url|http-api|rest-api|alb|alb-multi]
                               [--stage NAME] [--mode buffered|stream] [--timeout 30s] [--snapstart]
                               [--concurrency 1] [--runtime-api-port 0] -- <command that starts the app>
              --port      where local mode listens, as the trigger's base URL (default 9000)
              --trigger   what stands in front of the function (default function-url): its events, answers and limits
              --stage     the stage of rest-api (default Prod) or http-api (default $default: no path prefix);
                          a named stage starts every URL path: http://127.0.0.1:9000/Prod/items
              --app-port  where the app listens (default: AWS_LWA_PORT, else PORT, else 8080); the app gets it as PORT
                          and AWS_LWA_PORT
              --mode      buffered (default) or stream (AWS_LWA_INVOKE_MODE=response_stream; function-url only)
              --timeout   the function timeout of each invocation (default 30s)
              --snapstart run SnapStart's checkpoint and restore once at start (AWS_LAMBDA_INITIALIZATION_TYPE=snap-start)
              --concurrency  requests served at once (default 1: one after another, as one Lambda environment does;
                          more: as Managed Instances do, AWS_LAMBDA_MAX_CONCURRENCY; at most 64)
              --runtime-api-port  where the Lambda emulator's Runtime API listens (default 0: a free port)
              -h, --help  this text""";

    /** Whether {@code -h} or {@code --help} comes before {@code --} (after it, they are the app's). */
    static boolean wantsHelp(List<String> args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals("-h") || a.equals("--help")) {
                return true;
            }
        }
        return false;
    }

    static LocalOptions parse(List<String> args) {
        int port = 9000;
        OptionalInt appPort = OptionalInt.empty();
        int runtimeApiPort = 0;
        String trigger = "function-url";
        Optional<String> stage = Optional.empty();
        boolean streaming = false;
        Duration timeout = Duration.ofSeconds(30);
        boolean snapStart = false;
        int concurrency = 1;
        int i = args.isEmpty() || !args.getFirst().equals("local") ? 0 : 1;
        for (; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--" -> {
                    List<String> command = args.subList(i + 1, args.size());
                    if (command.isEmpty()) {
                        throw new IllegalArgumentException("no command after --: give the command that starts the app");
                    }
                    Trigger t = trigger(trigger, stage);
                    if (streaming && !t.streams()) {
                        throw new IllegalArgumentException("--mode stream needs --trigger function-url: only Function URLs stream"
                                + " responses (" + trigger + " buffers them)");
                    }
                    if (snapStart && concurrency > 1) {
                        throw new IllegalArgumentException("--snapstart and --concurrency " + concurrency
                                + " do not go together: Managed Instances, which serve several invocations at once, have no SnapStart");
                    }
                    return new LocalOptions(port, appPort, streaming, timeout, snapStart, "lwa-local", List.copyOf(command), t,
                            runtimeApiPort, concurrency);
                }
                case "--port" -> port = port(value(args, ++i, a), a);
                case "--app-port" -> appPort = OptionalInt.of(port(value(args, ++i, a), a, 1));
                case "--runtime-api-port" -> runtimeApiPort = port(value(args, ++i, a), a);
                case "--mode" -> {
                    String mode = value(args, ++i, a);
                    streaming = switch (mode) {
                        case "stream", "response_stream" -> true;
                        case "buffered" -> false;
                        default -> throw new IllegalArgumentException("--mode must be buffered or stream, got " + mode);
                    };
                }
                case "--timeout" -> timeout = duration(value(args, ++i, a));
                case "--snapstart" -> snapStart = true;
                case "--concurrency" -> concurrency = concurrency(value(args, ++i, a));
                case "--trigger" -> trigger = value(args, ++i, a);
                case "--stage" -> stage = Optional.of(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        throw new IllegalArgumentException("missing -- <command that starts the app>");
    }

    private static Trigger trigger(String name, Optional<String> stage) {
        if (stage.isPresent() && !name.equals("rest-api") && !name.equals("http-api")) {
            throw new IllegalArgumentException("--stage is for --trigger rest-api or http-api, not " + name);
        }
        return switch (name) {
            case "function-url" -> new Trigger.FunctionUrl();
            case "http-api" -> new Trigger.HttpApi(stage.orElse(Trigger.DEFAULT_STAGE));
            case "rest-api" -> new Trigger.RestApi(stage.orElse(DEFAULT_REST_STAGE));
            case "alb" -> new Trigger.Alb(false);
            case "alb-multi" -> new Trigger.Alb(true);
            default -> throw new IllegalArgumentException(
                    "--trigger must be function-url, http-api, rest-api, alb or alb-multi, got " + name);
        };
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static int port(String value, String option) {
        return port(value, option, 0);
    }

    /** The app's port cannot be 0: lwa must know where to probe. */
    private static int port(String value, String option, int min) {
        try {
            int p = Integer.parseInt(value);
            if (p >= min && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be a port number (" + min + "-65535), got " + value);
    }

    private static int concurrency(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= MAX_CONCURRENCY) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException("--concurrency must be a whole number from 1 to " + MAX_CONCURRENCY + ", got " + value);
    }

    private static Duration duration(String value) {
        Duration d;
        try {
            if (value.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            } else if (value.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
            } else if (value.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
            } else {
                // A bare number would be ambiguous: AWS_LWA_READINESS_CHECK_TIMEOUT reads one as milliseconds.
                throw new NumberFormatException("no unit");
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--timeout must look like 30s, 500ms or 2m, got " + value);
        }
        // at most Lambda's 15 minutes; shorter than Lambda's 1 s minimum is allowed, for tests of timeouts
        if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofMinutes(15)) > 0) {
            throw new IllegalArgumentException("--timeout must be more than 0 and at most 15m, as a Lambda function's, got " + value);
        }
        return d;
    }
}
