package dev.lwa.bootstrap.local;

import dev.lwa.bootstrap.Adapter;
import dev.lwa.bootstrap.logging.LwaLogging;
import dev.lwa.core.config.Config;
import dev.lwa.core.config.ConfigException;
import dev.lwa.emulator.FunctionUrlFrontDoor;
import dev.lwa.emulator.LambdaEmulator;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./lwa local [--port 9000] [--app-port 8080] [--mode buffered|stream] -- <command>}: runs
 * the app, an embedded Lambda emulator and the adapter, and serves {@code 127.0.0.1:<port>} as a
 * Function URL would (beyond LWA: users ask for it, LWA #587). Ctrl-C stops all three.
 */
public final class LocalMode {
    private static final System.Logger LOG = System.getLogger("lwa.local");

    private LocalMode() {
    }

    public static void main(String[] args) throws Exception {
        LocalOptions options;
        try {
            options = LocalOptions.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("lwa local: " + e.getMessage());
            System.err.println(LocalOptions.USAGE);
            System.exit(2);
            return;
        }
        System.exit(run(options, System.getenv()));
    }

    static int run(LocalOptions options, Map<String, String> processEnv) throws IOException, InterruptedException {
        LambdaEmulator emulator = LambdaEmulator.builder()
                .port(0)
                .functionName(options.functionName())
                .functionTimeout(options.timeout())
                .start();
        FunctionUrlFrontDoor door = FunctionUrlFrontDoor.start(emulator, "127.0.0.1", options.port(), LocalMode::logExchange);

        Map<String, String> env = new HashMap<>(processEnv);
        env.putAll(emulator.runtimeEnvironment());
        env.putIfAbsent("AWS_LWA_PORT", Integer.toString(options.appPort()));
        if (options.streaming()) {
            env.put("AWS_LWA_INVOKE_MODE", "response_stream");
        }
        Config config;
        try {
            config = Config.fromEnv(env);
        } catch (ConfigException e) {
            System.err.println("lwa local: invalid configuration: " + e.getMessage());
            door.close();
            emulator.close();
            return 1;
        }
        LwaLogging.configure(config.log().level(), config.log().json());
        config.warnings().forEach(w -> LOG.log(System.Logger.Level.WARNING, w));

        // The app sees what it would see in Lambda, plus PORT (many frameworks listen on it).
        ProcessBuilder appProcess = new ProcessBuilder(options.command()).inheritIO();
        appProcess.environment().putAll(env);
        appProcess.environment().putIfAbsent("PORT", Integer.toString(config.port()));
        Process app = appProcess.start();

        Adapter adapter = new Adapter(config, Adapter.DEFAULT_EXTENSION_NAME);
        Thread.ofPlatform().name("lwa-adapter").start(adapter::run);
        LOG.log(System.Logger.Level.INFO, "lwa local: http://127.0.0.1:{0} -> Lambda emulator -> lwa -> app on {1}:{2} ({3} mode)",
                Integer.toString(door.port()), config.host(), Integer.toString(config.port()),
                options.streaming() ? "response_stream" : "buffered");

        Thread stopper = new Thread(() -> stopAll(app, adapter, door, emulator), "lwa-local-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        int code = app.waitFor();
        LOG.log(System.Logger.Level.INFO, "the app exited with status {0}", code);
        return code;
    }

    /** One line per request, as an access log. */
    private static void logExchange(FunctionUrlFrontDoor.Exchange ex) {
        String error = ex.result().flatMap(r -> r.errorType()).map(t -> " " + t).orElse("");
        LOG.log(System.Logger.Level.INFO, "{0} {1} -> {2}{3} ({4} ms)", ex.method(), ex.target(),
                Integer.toString(ex.status()), error, Long.toString(ex.duration().toMillis()));
    }

    private static void stopAll(Process app, Adapter adapter, FunctionUrlFrontDoor door, LambdaEmulator emulator) {
        emulator.shutdown("spindown", Duration.ofSeconds(2));
        adapter.terminate();
        app.descendants().forEach(ProcessHandle::destroy);
        app.destroy();
        door.close();
        emulator.close();
    }
}
