package dev.lwa.benchmarks;

import dev.lwa.bootstrap.Adapter;
import dev.lwa.bootstrap.logging.LwaLogging;
import dev.lwa.core.config.Config;
import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.LambdaEmulator;
import dev.lwa.emulator.RestoreResult;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SnapStart's restore as lwa adds to it: the time from the emulator answering {@code restore/next}
 * to the runtime's first {@code invocation/next} ({@link RestoreResult.Restored#took}), with a ready
 * app that answers both hooks at once. In between lwa drops its connections, POSTs the
 * after-restore hook, checks readiness and starts the pipeline.
 *
 * <p>Each run is a fresh emulator with {@code initType snap-start} and a fresh adapter: in-process
 * by default (the same JVM every run, so later runs are warm), or with {@code --layer dir} the
 * layer's launcher as its own process each run (every run cold, as a restored JVM that has never
 * run this code path; {@code --java} runs the launcher on another Java than the layer's bundled
 * runtime, as {@code LWA_JAVA} does). {@code SnapStartRestore [--n 20] [--layer bootstrap/target/layer]
 * [--java path/to/bin/java] [--no-hooks]}.
 */
public final class SnapStartRestore {
    private static final PrintStream OUT = System.out;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String USAGE = "SnapStartRestore [--n 20] [--layer dir] [--java path] [--no-hooks]";

    private SnapStartRestore() {
    }

    record Options(int n, Path layer, String java, boolean hooks) {
        static Options parse(String[] args) {
            int n = 20;
            Path layer = null;
            String java = null;
            boolean hooks = true;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--n" -> n = Integer.parseInt(Cli.value(args, ++i, "--n", USAGE));
                    case "--layer" -> layer = Path.of(Cli.value(args, ++i, "--layer", USAGE));
                    case "--java" -> java = Cli.value(args, ++i, "--java", USAGE);
                    case "--no-hooks" -> hooks = false;
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
                }
            }
            if (n < 1) {
                throw new IllegalArgumentException("--n must be at least 1\n" + USAGE);
            }
            return new Options(n, layer, java, hooks);
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Cli.parseOrExit(args, Options::parse);
        LwaLogging.configure(System.Logger.Level.WARNING, false); // the in-process adapter's phase lines are per run
        long[] took = new long[options.n()];
        try (FixedResponseServer app = FixedResponseServer.start(Events.jsonBody(Events.SMALL_BODY), "application/json")) {
            for (int i = 0; i < options.n(); i++) {
                took[i] = once(app.port(), options).toNanos();
            }
        }
        Stats s = Stats.of(took);
        OUT.println(Machine.current().markdown() + " Load average " + Machine.loadAverage() + ".");
        OUT.printf("restore -> first invocation/next, %s adapter, %s, %d runs: median %s ms, p90 %s ms (min %s, max %s)%n",
                options.layer() == null ? "in-process" : "launched", options.hooks() ? "after-restore hook" : "no hooks",
                s.count(), Stats.millis(s.p50()), Stats.millis(s.p90()), Stats.millis(s.min()), Stats.millis(s.max()));
    }

    /** One snapshot and restore on a fresh emulator and adapter; returns Restored#took. */
    static Duration once(int appPort, Options options) throws Exception {
        try (LambdaEmulator emu = LambdaEmulator.builder().port(0).initType("snap-start").start()) {
            Map<String, String> settings = new HashMap<>(Map.of("AWS_LWA_PORT", Integer.toString(appPort)));
            if (options.hooks()) {
                settings.put("AWS_LWA_SNAPSTART_BEFORE_CHECKPOINT_PATH", "/before-checkpoint");
                settings.put("AWS_LWA_SNAPSTART_AFTER_RESTORE_PATH", "/after-restore");
            }
            if (options.java() != null) {
                settings.put("LWA_JAVA", options.java());
            }
            Map<String, String> env = EndToEnd.env(emu, settings);
            Path log = Files.createTempFile("lwa-snapstart", ".log");
            Process process = null;
            Adapter adapter = null;
            if (options.layer() == null) {
                adapter = new Adapter(Config.fromEnv(env), Adapter.DEFAULT_EXTENSION_NAME);
                Thread.ofVirtual().name("adapter").start(adapter::run);
            } else {
                Path launcher = options.layer().resolve("extensions/lambda-adapter").toAbsolutePath();
                process = EndToEnd.start(List.of(launcher.toString()), env, log);
            }
            try {
                if (!emu.awaitCheckpoint(WAIT)) {
                    throw new IllegalStateException("the adapter did not reach the checkpoint; log:\n" + EndToEnd.tail(log));
                }
                RestoreResult result = emu.restore();
                if (!(result instanceof RestoreResult.Restored restored)) {
                    throw new IllegalStateException("restore: " + result + "; log:\n" + EndToEnd.tail(log));
                }
                InvocationResult served = emu.invoke(Events.event(Events.Kind.HTTP_V2, Events.SMALL_BODY));
                if (!served.isResponse()) {
                    throw new IllegalStateException("not served after the restore: " + served);
                }
                return restored.took();
            } finally {
                if (process != null) {
                    EndToEnd.stop(process);
                } else {
                    adapter.terminate(); // as SIGTERM: returns once it has drained
                }
                Files.deleteIfExists(log);
            }
        }
    }
}
