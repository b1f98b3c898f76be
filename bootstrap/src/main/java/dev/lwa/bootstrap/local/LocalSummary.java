package dev.lwa.bootstrap.local;

import dev.lwa.core.config.Config;
import dev.lwa.core.config.ConfigException;
import dev.lwa.core.config.InvokeMode;
import dev.lwa.core.config.Readiness;
import dev.lwa.core.config.ReadinessProtocol;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The block local mode logs once at start: everything a user needs to tell why a request goes
 * where it goes. The first line stays the one scripts and tests look for
 * ({@code lwa local: http://127.0.0.1:<port> -> }).
 */
record LocalSummary(String url, String trigger, Config config, List<String> command, boolean ownSession,
                    Optional<String> shadowedPort, List<String> settings, String runtimeApi) {

    /** @param trigger what each request becomes ({@code --trigger}), as the summary names it */
    static LocalSummary of(String url, String trigger, LocalEnvironment.Ready env, AppProcess app, List<String> command,
                           String runtimeApi) {
        return new LocalSummary(url, trigger, env.config(), command, app.ownSession(), env.shadowedPort(),
                settingsInEffect(env.env()), runtimeApi);
    }

    /** The block, a line each; the first is the one that says where local mode listens. */
    List<String> lines() {
        Config c = config;
        Readiness r = c.readiness();
        String readiness = r.protocol() == ReadinessProtocol.TCP
                ? "tcp " + c.app().host() + ":" + r.port()
                : "GET http://" + c.app().host() + ":" + r.port() + r.path();
        String appNotes = "PORT=" + c.app().port()
                + shadowedPort.map(p -> "; your shell's PORT=" + p + " is not passed on").orElse("")
                + (ownSession ? "" : "; in lwa's process group, so Ctrl-C reaches it too (no setsid found)");
        return List.of(
                "lwa local: " + url + " -> Lambda emulator -> lwa -> app on " + c.app().host() + ":" + c.app().port(),
                "  trigger      " + trigger,
                "  mode         " + (c.forwarding().invokeMode() == InvokeMode.RESPONSE_STREAM ? "response_stream" : "buffered")
                        + (c.platform().maxConcurrency() > 1
                        ? ", " + c.platform().maxConcurrency() + " invocations at once (Managed Instances)" : ""),
                "  app          " + shellWords(command) + " (" + appNotes + ")",
                "  readiness    " + readiness,
                "  settings     " + (settings.isEmpty() ? "defaults" : String.join(" ", settings)),
                "  runtime api  " + runtimeApi + " (AWS_LAMBDA_RUNTIME_API)");
    }

    /**
     * The {@code AWS_LWA_*} variables that change something: each one whose removal changes the
     * configuration (so a value equal to its default, or one ignored with a warning, is left out).
     */
    static List<String> settingsInEffect(Map<String, String> env) {
        Optional<Config> all = parse(env);
        return env.keySet().stream().filter(k -> k.startsWith("AWS_LWA_")).sorted()
                .filter(k -> all.isEmpty() || !sameSettings(all.get(), parse(without(env, k))))
                .map(k -> k + "=" + env.get(k)).toList();
    }

    private static Map<String, String> without(Map<String, String> env, String key) {
        Map<String, String> rest = new HashMap<>(env);
        rest.remove(key);
        if (key.equals("AWS_LWA_PORT")) {
            rest.remove("PORT"); // its fallback, which local mode sets to the same port
        }
        return rest;
    }

    private static Optional<Config> parse(Map<String, String> env) {
        try {
            return Optional.of(Config.fromEnv(env));
        } catch (ConfigException e) {
            return Optional.empty();
        }
    }

    private static boolean sameSettings(Config a, Optional<Config> b) {
        return b.isPresent() && Objects.equals(a.app(), b.get().app()) && Objects.equals(a.readiness(), b.get().readiness())
                && Objects.equals(a.forwarding(), b.get().forwarding()) && Objects.equals(a.platform(), b.get().platform())
                && Objects.equals(a.snapStart(), b.get().snapStart()) && Objects.equals(a.function(), b.get().function())
                && Objects.equals(a.log(), b.get().log()) && Objects.equals(a.interop(), b.get().interop())
                && Objects.equals(a.webSocket(), b.get().webSocket()) && Objects.equals(a.extras(), b.get().extras());
    }

    /** The command as it could be typed again: words with spaces or shell characters quoted. */
    static String shellWords(List<String> command) {
        return command.stream().map(w -> w.matches("[\\w@%+=:,./-]+") ? w : "'" + w.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" "));
    }
}
