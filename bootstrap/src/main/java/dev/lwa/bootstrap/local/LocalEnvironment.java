package dev.lwa.bootstrap.local;

import dev.lwa.core.config.Config;
import dev.lwa.core.config.InvokeMode;
import dev.lwa.core.config.ConfigException;
import dev.lwa.emulator.LambdaEmulator;
import dev.lwa.emulator.Trigger;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The environment local mode gives the adapter and the app: the user's, the emulator's
 * {@code AWS_LAMBDA_*} variables, the options, and one port both agree on.
 *
 * <p>The app gets {@code PORT} and {@code AWS_LWA_PORT} set to the port lwa probes, whatever the
 * user's shell says. A {@code PORT} left in a shell from another project is common, and in Lambda
 * the app would see only the function's own configuration; refusing to start over it would turn a
 * stray variable into an error, while passing it on makes the app listen where nobody asks (every
 * request then waits for the timeout and ends in a 502). Local mode refuses only when
 * {@code --app-port} and {@code AWS_LWA_PORT} contradict each other: both are lwa settings chosen on
 * purpose, and there is no telling which one the user meant.
 */
final class LocalEnvironment {

    sealed interface Outcome permits Ready, Refused {
    }

    /**
     * @param env          for the adapter and the app alike
     * @param config       the adapter's configuration, read from {@code env}
     * @param shadowedPort the user's {@code PORT} when it differs from the port used (the app does not get it)
     */
    record Ready(Map<String, String> env, Config config, Optional<String> shadowedPort) implements Outcome {
        Ready {
            env = Map.copyOf(env);
        }
    }

    /** Local mode must not start; {@code reason} is the one line that says why. */
    record Refused(String reason) implements Outcome {
    }

    private LocalEnvironment() {
    }

    /** The trigger as {@code --trigger} names it. */
    static String triggerName(Trigger trigger) {
        return switch (trigger) {
            case Trigger.FunctionUrl f -> "function-url";
            case Trigger.HttpApi h -> "http-api";
            case Trigger.RestApi r -> "rest-api";
            case Trigger.Alb a -> a.multiValueHeaders() ? "alb-multi" : "alb";
        };
    }

    static Outcome resolve(LocalOptions options, Map<String, String> processEnv, Map<String, String> emulatorEnv)
            throws ConfigException {
        Map<String, String> env = new HashMap<>(processEnv);
        env.putAll(emulatorEnv);
        if (options.appPort().isPresent()) {
            String chosen = Integer.toString(options.appPort().getAsInt());
            String lwaPort = processEnv.getOrDefault("AWS_LWA_PORT", "").strip();
            if (!lwaPort.isEmpty() && !lwaPort.equals(chosen)) {
                return new Refused("--app-port " + chosen + " but AWS_LWA_PORT=" + lwaPort
                        + " in your environment: the app would listen on one and lwa probe the other; drop one of them");
            }
            env.put("AWS_LWA_PORT", chosen);
        }
        if (options.streaming()) {
            env.put("AWS_LWA_INVOKE_MODE", "response_stream");
        }
        // Without --app-port the adapter's own rule decides (AWS_LWA_PORT, else PORT, else 8080)...
        String port = Integer.toString(Config.fromEnv(env).app().port());
        // ...and the app is told that port under both names, so that it listens where lwa probes.
        Optional<String> shadowed = Optional.ofNullable(processEnv.get("PORT")).filter(p -> !p.strip().equals(port));
        env.put("PORT", port);
        env.put("AWS_LWA_PORT", port);
        // the adapter reads what Lambda gives an extension: not the runtime's own variables
        Config config = Config.fromEnv(LambdaEmulator.forExtensions(env));
        if (config.forwarding().invokeMode() == InvokeMode.RESPONSE_STREAM && !options.trigger().streams()) {
            // what --mode stream is refused for, set the way a template sets it: every request would fail
            return new Refused("AWS_LWA_INVOKE_MODE=response_stream in your environment, but only Function URLs stream"
                    + " responses (--trigger " + triggerName(options.trigger()) + " buffers them, and every request would fail):"
                    + " use --trigger function-url, or unset it");
        }
        return new Ready(env, config, shadowed);
    }
}
