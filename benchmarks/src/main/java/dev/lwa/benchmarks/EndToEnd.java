package dev.lwa.benchmarks;

import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.LambdaEmulator;
import dev.lwa.runtimeapi.http.Http1Client;
import dev.lwa.runtimeapi.http.Http1Request;
import dev.lwa.runtimeapi.http.Http1Response;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The end-to-end harness: the real launcher of the layer as a subprocess against the emulator,
 * compared with a null runtime, on this machine, in one run. See docs/performance.md for how to
 * run it and what each number means.
 *
 * <ol>
 *   <li><b>direct</b>: the harness sends the request the adapter would send straight to the app
 *       with our Http1Client;</li>
 *   <li><b>null runtime</b>: {@link NullRuntime} in its own JVM (the launcher's JVM flags) against
 *       emulator A; the harness times {@code emulator.invoke(event)};</li>
 *   <li><b>adapter</b>: {@code layer/extensions/lambda-adapter} against emulator B with
 *       {@code AWS_LWA_PORT} = the app; same event, same timing.</li>
 * </ol>
 * The three are interleaved request by request, in a rotating order, so drift on this noisy
 * machine (other tenants, CPU frequency, the harness's own GC) hits them alike. Before each timed
 * invoke the harness waits (untimed) until the runtime's next {@code /next} is parked, so an
 * invoke never waits for the runtime's re-poll. Then: adapter RSS/CPU, and exec → first
 * {@code /next} over fresh launches.
 */
public final class EndToEnd {
    private static final PrintStream OUT = System.out;
    private static final PrintStream LOG = System.err;
    static final Duration PARK_TIMEOUT = Duration.ofSeconds(30);
    /** The launcher's flags as of this writing; used when they cannot be read from the script. */
    static final List<String> DEFAULT_JVM_FLAGS = List.of(
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss256k", "-XX:MaxRAM=256m", "-XX:-UsePerfData");

    private EndToEnd() {
    }

    /** Command-line options; see {@link #usage()}. */
    record Options(Path layer, Optional<Path> doc, int n, int warmup, Events.Kind kind, int bodySize,
                   int launches, int soak, boolean appProcess, Optional<String> adapterOpts, Optional<Path> jfr,
                   List<NullRuntime.Mode> nullModes, Map<String, String> adapterEnv, boolean appPlatformThreads,
                   boolean inline, Optional<Path> baselineLayer) {

        static Options parse(String[] args) {
            Path layer = Path.of("bootstrap/target/layer");
            Optional<Path> doc = Files.exists(Path.of("docs")) ? Optional.of(Path.of("docs/performance.md")) : Optional.empty();
            int n = 5000;
            int warmup = 2000;
            Events.Kind kind = Events.Kind.HTTP_V2;
            int bodySize = Events.SMALL_BODY;
            int launches = 10;
            int soak = 10_000;
            // In Lambda the app is a process of its own. In the harness JVM its virtual threads would
            // share the carriers and the I/O poller with the emulator's Jetty, which measurably
            // (~25 µs at p50 here) charged the adapter for the harness's own scheduling.
            boolean appProcess = true;
            Optional<String> adapterOpts = Optional.empty();
            Optional<Path> jfr = Optional.empty();
            List<NullRuntime.Mode> nullModes = List.of(NullRuntime.Mode.values());
            Map<String, String> adapterEnv = new LinkedHashMap<>();
            boolean appPlatformThreads = false;
            boolean inline = true;
            Optional<Path> baselineLayer = Optional.empty();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--layer" -> layer = Path.of(value(args, ++i, a));
                    case "--doc" -> doc = Optional.of(Path.of(value(args, ++i, a)));
                    case "--no-doc" -> doc = Optional.empty();
                    case "--no-inline" -> inline = false;
                    case "--baseline-layer" -> baselineLayer = Optional.of(Path.of(value(args, ++i, a)));
                    case "--n" -> n = Integer.parseInt(value(args, ++i, a));
                    case "--warmup" -> warmup = Integer.parseInt(value(args, ++i, a));
                    case "--event" -> kind = Events.Kind.parse(value(args, ++i, a));
                    case "--body-size" -> bodySize = Integer.parseInt(value(args, ++i, a));
                    case "--launches" -> launches = Integer.parseInt(value(args, ++i, a));
                    case "--soak" -> soak = Integer.parseInt(value(args, ++i, a));
                    case "--adapter-opts" -> adapterOpts = Optional.of(value(args, ++i, a));
                    case "--null-modes" -> nullModes = Arrays.stream(value(args, ++i, a).split(","))
                            .map(NullRuntime.Mode::parse).distinct().toList();
                    case "--app-threads" -> {
                        String threads = value(args, ++i, a);
                        if (!threads.equals("virtual") && !threads.equals("platform")) {
                            throw new IllegalArgumentException("--app-threads takes virtual or platform, got " + threads);
                        }
                        appPlatformThreads = threads.equals("platform");
                    }
                    case "--adapter-env" -> {
                        String kv = value(args, ++i, a);
                        int eq = kv.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--adapter-env takes NAME=VALUE, got " + kv);
                        }
                        adapterEnv.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                    case "--jfr" -> jfr = Optional.of(Path.of(value(args, ++i, a)).toAbsolutePath());
                    case "--app" -> {
                        String where = value(args, ++i, a);
                        if (!where.equals("in-process") && !where.equals("process")) {
                            throw new IllegalArgumentException("--app takes in-process or process, got " + where);
                        }
                        appProcess = where.equals("process");
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a + "\n" + usage());
                }
            }
            if (n < 1 || warmup < 0 || launches < 0) {
                throw new IllegalArgumentException("--n must be at least 1, --warmup and --launches at least 0");
            }
                        if (nullModes.isEmpty() || nullModes.getFirst() != NullRuntime.Mode.PLATFORM) {
                throw new IllegalArgumentException("--null-modes must start with platform: the floor the adapter is compared to");
            }
            return new Options(layer, doc, n, warmup, kind, bodySize, launches, soak, appProcess, adapterOpts, jfr,
                    nullModes, Map.copyOf(adapterEnv), appPlatformThreads, inline, baselineLayer);
        }

        private static String value(String[] args, int i, String option) {
            return Cli.value(args, i, option, usage());
        }
    }

    static String usage() {
        return """
                EndToEnd [--layer bootstrap/target/layer] [--doc docs/performance.md | --no-doc]
                         [--n 5000] [--warmup 2000] [--event http-v2|rest-v1|sqs] [--body-size 64]
                         [--launches 10] [--soak 10000] [--app process|in-process] [--app-threads virtual|platform]
                         [--null-modes platform,virtual,pipeline] [--no-inline] [--baseline-layer other/layer]
                         [--adapter-opts "<JVM options for the adapter>"] [--adapter-env NAME=VALUE]...
                         [--jfr adapter.jfr]
                --jfr records the adapter with JFR (settings=profile) from the end of the warm-up to the
                end of the measured rounds, and dumps it with jcmd (the adapter halts on exit, so JFR's
                own dump-on-exit never runs). --baseline-layer runs a second adapter from another layer
                in the same rounds (its own emulator, the same app, environment and options), so that two
                builds are compared within one run: the "adapter − baseline adapter" row.""";
    }

    public static void main(String[] args) throws Exception {
        Options o = Cli.parseOrExit(args, Options::parse);
        if (!Files.isExecutable(o.layer().resolve("extensions/lambda-adapter"))) {
            LOG.println("no launcher at " + o.layer().resolve("extensions/lambda-adapter").toAbsolutePath() + ": build the layer first with "
                    + "`mvn -B -DskipTests package` (from the repository root), or pass --layer");
            System.exit(2);
            return;
        }
        Machine machine = Machine.current();
        String loadBefore = Machine.loadAverage();
        LOG.println(machine.markdown());
        Path work = Files.createTempDirectory("lwa-e2e-");
        // A snapshot of the layer, as Lambda unpacks one: a rebuild of bootstrap/target during the
        // run (this checkout is shared) must not pull the launcher from under the measurement.
        Path layer = snapshot(o.layer(), work.resolve("layer"));
        Path launcher = layer.resolve("extensions/lambda-adapter");
        List<String> jvmFlags = launcherFlags(launcher);
        Optional<Path> baselineLauncher = Optional.empty();
        if (o.baselineLayer().isPresent()) {
            baselineLauncher = Optional.of(snapshot(o.baselineLayer().get(), work.resolve("baseline-layer"))
                    .resolve("extensions/lambda-adapter"));
            if (!Files.isExecutable(baselineLauncher.get())) {
                throw new IllegalArgumentException("no launcher in the baseline layer " + o.baselineLayer().get());
            }
        }
        LOG.println("launcher " + launcher + " (a copy of " + o.layer() + "), null runtime flags " + jvmFlags);

        byte[] appBody = Events.jsonBody(o.bodySize());
        try (App app = o.appProcess() ? App.process(work, o.bodySize(), o.appPlatformThreads())
                : App.inProcess(appBody, o.appPlatformThreads())) {
            byte[] event = Events.event(o.kind(), o.bodySize());
            byte[] envelope;
            Http1Request directRequest;
            try (HotPath hot = new HotPath(app.port())) {
                var inv = HotPath.invocation(event);
                envelope = hot.payload(inv);
                directRequest = hot.appRequest(inv);
            }
            Path answer = work.resolve("answer.json");
            Files.write(answer, envelope);

            Map<String, Stats> latencies = new LinkedHashMap<>();
            Map<String, ProcStatus> memory = new LinkedHashMap<>();
            Map<String, Double> cpuMicros = new LinkedHashMap<>();
            Optional<ProcStatus> afterSoak = Optional.empty();
            List<UnderTest> runtimes = new ArrayList<>();
            try (Http1Client direct = Http1Client.builder("127.0.0.1", app.port()).build()) {
                for (NullRuntime.Mode mode : o.nullModes()) {
                    LambdaEmulator emu = emulator();
                    Path log = work.resolve("null-" + mode.name().toLowerCase(Locale.ROOT) + ".log");
                    runtimes.add(new UnderTest(nullName(mode), emu, startJava(jvmFlags, nullClassPath(layer),
                            NullRuntime.class, List.of("--mode", mode.name(), answer.toString()), env(emu, Map.of()), log), log));
                }
                if (o.inline()) {
                    LambdaEmulator emu = emulator();
                    Path log = work.resolve("inline.log");
                    runtimes.add(new UnderTest(INLINE, emu, startJava(jvmFlags, layerClassPath(layer), InlineAdapter.class,
                            List.of(), env(emu, Map.of("AWS_LWA_PORT", Integer.toString(app.port()))), log), log));
                }
                Map<String, String> adapterEnv = adapterEnvironment(o, app.port());
                LambdaEmulator adapterEmu = emulator();
                Path adapterLog = work.resolve("adapter.log");
                UnderTest adapter = new UnderTest(ADAPTER, adapterEmu,
                        start(List.of(launcher.toString()), env(adapterEmu, adapterEnv), adapterLog), adapterLog);
                runtimes.add(adapter);
                if (baselineLauncher.isPresent()) {
                    LambdaEmulator emu = emulator();
                    Path log = work.resolve("baseline.log");
                    runtimes.add(new UnderTest(BASELINE, emu, start(List.of(baselineLauncher.get().toString()), env(emu, adapterEnv), log), log));
                }
                for (UnderTest r : runtimes) {
                    awaitParked(r);
                    LOG.println(r.name() + ": pid " + r.process().pid() + ", log " + r.log());
                }
                List<Target> targets = new ArrayList<>();
                targets.add(new Target(DIRECT, () -> directOnce(direct, directRequest, appBody)));
                for (UnderTest r : runtimes) {
                    targets.add(new Target(r.name(), () -> invokeOnce(r.emu(), event, envelope)));
                }
                LOG.println("warm-up: " + o.warmup() + " rounds of " + targets.size());
                rounds(targets, o.warmup(), null);
                if (o.jfr().isPresent()) {
                    jcmd(adapter.process(), "JFR.start", "name=bench", "settings=profile");
                }
                Map<String, ProcStatus> before = new HashMap<>();
                for (UnderTest r : runtimes) {
                    before.put(r.name(), ProcStatus.of(r.process().toHandle()));
                }
                LOG.println("measuring: " + o.n() + " rounds");
                long[][] samples = new long[targets.size()][o.n()];
                rounds(targets, o.n(), samples);
                for (UnderTest r : runtimes) {
                    ProcStatus after = ProcStatus.of(r.process().toHandle());
                    memory.put(r.name(), after);
                    cpuMicros.put(r.name(), cpuPerInvoke(before.get(r.name()), after, o.n()));
                }
                if (o.jfr().isPresent()) {
                    jcmd(adapter.process(), "JFR.stop", "name=bench", "filename=" + o.jfr().get());
                    LOG.println("JFR recording of the measured rounds: " + o.jfr().get());
                }
                for (int t = 0; t < targets.size(); t++) {
                    latencies.put(targets.get(t).name(), Stats.of(samples[t]));
                }
                int done = o.warmup() + o.n();
                if (o.soak() > done) {
                    LOG.println("soak: adapter alone up to " + o.soak() + " invocations");
                    for (int i = done; i < o.soak(); i++) {
                        invokeOnce(adapterEmu, event, envelope);
                    }
                    afterSoak = Optional.of(ProcStatus.of(adapter.process().toHandle()));
                }
            } finally {
                for (UnderTest r : runtimes) {
                    r.close();
                }
            }
            Resources resources = new Resources(o.warmup() + o.n(), memory, cpuMicros, afterSoak, o.soak());

            LOG.println("exec → first /next: " + o.launches() + " launches (after one untimed)");
            List<Launch> launches = new ArrayList<>();
            for (int i = 0; o.launches() > 0 && i <= o.launches(); i++) {
                Launch l = launch(launcher, adapterEnvironment(o, app.port()), work.resolve("launch-" + i + ".log"));
                if (i > 0) {
                    launches.add(l);
                }
            }

            String report = report(machine, o, o.layer().resolve("extensions/lambda-adapter"), jvmFlags, event.length, envelope.length, latencies, resources,
                    launches, app.description(), loadBefore + " at the start, " + Machine.loadAverage() + " at the end");
            OUT.println(report);
            if (o.doc().isPresent()) {
                DocBlock.write(o.doc().get(), "end-to-end", report);
                LOG.println("written to " + o.doc().get());
            }
            LOG.println("logs in " + work);
            new ProcessBuilder("rm", "-rf", layer.toString(), work.resolve("baseline-layer").toString()).start()
                    .waitFor(); // ~70 MB each, no use after the run
        }
    }

    // ---- measuring ---------------------------------------------------------------------------

    /** One timed thing; {@link Timed#once} returns nanoseconds and throws if the answer was wrong. */
    record Target(String name, Timed timed) {
    }

    @FunctionalInterface
    interface Timed {
        long once() throws Exception;
    }

    static final String DIRECT = "direct";
    static final String ADAPTER = "adapter";
    static final String INLINE = "inline prototype";
    static final String BASELINE = "baseline adapter";

    static String nullName(NullRuntime.Mode mode) {
        return "null runtime (" + mode.name().toLowerCase(Locale.ROOT) + ")";
    }

    /** A runtime process with its own emulator. Closing shuts both down (SIGTERM, then the emulator). */
    record UnderTest(String name, LambdaEmulator emu, Process process, Path log) implements AutoCloseable {
        @Override
        public void close() {
            try {
                if (name.equals(ADAPTER) || name.equals(BASELINE)) {
                    emu.shutdown("spindown", Duration.ofSeconds(2)); // the adapter's own way out
                }
                stop(process);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            } finally {
                emu.close();
            }
        }
    }

    /**
     * @param measuredAfter invocations per runtime when {@code memory} was read
     * @param memory        RSS per runtime after the measured rounds
     * @param cpuMicros     CPU time (user + system, all threads) per invocation during the measured rounds
     */
    record Resources(int measuredAfter, Map<String, ProcStatus> memory, Map<String, Double> cpuMicros,
                     Optional<ProcStatus> adapterAfterSoak, int soak) {
    }

    /** @param register exec → extension registered, ns; @param firstNext exec → first parked /next, ns */
    record Launch(long register, long firstNext, ProcStatus atFirstNext) {
    }

    static void rounds(List<Target> targets, int count, long[][] samples) throws Exception {
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < targets.size(); j++) {
                int t = (i + j) % targets.size(); // rotate who goes first
                long nanos;
                try {
                    nanos = targets.get(t).timed().once();
                } catch (Exception e) {
                    throw new IllegalStateException(targets.get(t).name() + " failed in round " + i + ": " + e.getMessage(), e);
                }
                if (samples != null) {
                    samples[t][i] = nanos;
                }
            }
        }
    }

    static long directOnce(Http1Client client, Http1Request request, byte[] expected) throws IOException {
        long t0 = System.nanoTime();
        byte[] body;
        try (Http1Response r = client.send(request)) {
            body = r.readBody(8 * 1024 * 1024);
        }
        long nanos = System.nanoTime() - t0;
        if (!Arrays.equals(body, expected)) {
            throw new IllegalStateException("the app answered " + body.length + " unexpected bytes");
        }
        return nanos;
    }

    static long invokeOnce(LambdaEmulator emu, byte[] event, byte[] expected) {
        return invokeOnce(emu, event, r -> Arrays.equals(r.body(), expected));
    }

    /**
     * Waits (untimed) until the runtime's {@code /next} is parked, then times one invocation; throws
     * unless it was answered with a response that {@code ok} accepts.
     */
    static long invokeOnce(LambdaEmulator emu, byte[] event, Predicate<InvocationResult> ok) {
        if (!emu.awaitParkedPollers(1, PARK_TIMEOUT)) {
            throw new IllegalStateException("the runtime did not call /next again within " + PARK_TIMEOUT.toSeconds() + " s");
        }
        long t0 = System.nanoTime();
        InvocationResult r = emu.invoke(event);
        long nanos = System.nanoTime() - t0;
        if (!r.isResponse() || !ok.test(r)) {
            throw new IllegalStateException("unexpected result " + r + ": "
                    + r.bodyAsString().substring(0, Math.min(300, r.body().length)));
        }
        return nanos;
    }

    private static double cpuPerInvoke(ProcStatus before, ProcStatus after, int invocations) {
        return (after.cpu().toNanos() - before.cpu().toNanos()) / 1000.0 / invocations;
    }

    /** {@code cp -a} (modes and the runtime image's links kept). */
    static Path snapshot(Path layer, Path to) throws IOException, InterruptedException {
        Process cp = new ProcessBuilder("cp", "-a", layer.toString(), to.toString()).redirectErrorStream(true).start();
        String out = new String(cp.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (cp.waitFor() != 0) {
            throw new IOException("copying the layer " + layer + " failed: " + out);
        }
        return to;
    }

    /** What the adapter gets beyond Lambda's variables: the app's port and the options' extras. */
    private static Map<String, String> adapterEnvironment(Options o, int appPort) {
        Map<String, String> env = new HashMap<>(o.adapterEnv());
        env.put("AWS_LWA_PORT", Integer.toString(appPort));
        // LWA_JAVA_OPTS is the launcher's hook for extra JVM options
        String opts = (o.adapterOpts().orElse("") + (o.jfr().isPresent() ? " -XX:+FlightRecorder" : "")).trim();
        if (!opts.isEmpty()) {
            env.put("LWA_JAVA_OPTS", opts);
        }
        return env;
    }

    private static Launch launch(Path launcher, Map<String, String> adapterEnv, Path log) throws Exception {
        try (LambdaEmulator emu = emulator()) {
            AtomicLong registered = new AtomicLong(-1);
            Thread watcher = Thread.ofPlatform().name("register-watch").start(() -> {
                if (emu.awaitExtensions(1, PARK_TIMEOUT)) {
                    registered.set(System.nanoTime());
                }
            });
            ProcessBuilder pb = builder(List.of(launcher.toString()), env(emu, adapterEnv), log);
            long t0 = System.nanoTime();
            Process p = pb.start();
            boolean parked = emu.awaitParkedPollers(1, PARK_TIMEOUT);
            long firstNext = System.nanoTime() - t0;
            try {
                if (!parked) {
                    throw new IllegalStateException("the adapter never called /next; its log " + log + ":\n" + tail(log));
                }
                watcher.join();
                ProcStatus status = ProcStatus.of(p.toHandle());
                return new Launch(registered.get() < 0 ? -1 : registered.get() - t0, firstNext, status);
            } finally {
                stop(p);
                watcher.interrupt();
            }
        }
    }

    // ---- processes ---------------------------------------------------------------------------

    private static LambdaEmulator emulator() throws IOException {
        return emulator(1);
    }

    /** An emulator on a free port; {@code concurrency} > 1 is Managed Instances with that many in flight. */
    static LambdaEmulator emulator(int concurrency) throws IOException {
        return LambdaEmulator.builder().port(0).concurrency(concurrency).functionTimeout(Duration.ofSeconds(30)).start();
    }

    /**
     * Lambda's environment for this emulator, plus PATH (the launcher is a shell script) and extras:
     * a runtime's (the null runtime and aws-lambda-ric need the log group and stream), which the
     * adapter gets too here, reading nothing of it that matters to what is measured.
     */
    static Map<String, String> env(LambdaEmulator emu, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(emu.runtimeEnvironment());
        env.put("PATH", Optional.ofNullable(System.getenv("PATH")).orElse("/usr/local/bin:/usr/bin:/bin"));
        env.putAll(extra);
        return env;
    }

    static ProcessBuilder builder(List<String> command, Map<String, String> env, Path log) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear(); // nothing of the harness's environment (no stray AWS_LWA_*)
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        return pb;
    }

    static Process start(List<String> command, Map<String, String> env, Path log) throws IOException {
        return builder(command, env, log).start();
    }

    /**
     * The null runtime's class path: the layer's own runtime-api jar first, so the floor runs the
     * very Runtime API client the adapter runs (the benchmarks' lib/ holds whatever version was
     * last installed), then this jar for {@link NullRuntime} itself.
     */
    static String nullClassPath(Path layer) {
        Path client = layer.resolve("lwa/lib/lwa-runtime-api.jar");
        String own = System.getProperty("java.class.path");
        return Files.isRegularFile(client) ? client.toAbsolutePath() + java.io.File.pathSeparator + own : own;
    }

    /** The layer's jars in name order (as the launcher lists them), then this jar: core's code as shipped. */
    static String layerClassPath(Path layer) throws IOException {
        List<String> parts = new ArrayList<>();
        try (var jars = Files.list(layer.resolve("lwa/lib"))) {
            jars.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(f -> parts.add(f.toAbsolutePath().toString()));
        }
        parts.add(System.getProperty("java.class.path"));
        return String.join(java.io.File.pathSeparator, parts);
    }

    static Process startJava(List<String> flags, String classPath, Class<?> main, List<String> args,
                                     Map<String, String> env, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        command.add("-cp");
        command.add(classPath);
        command.add(main.getName());
        command.addAll(args);
        return start(command, env, log);
    }

    /** Runs {@code jcmd <pid> <command...>} with this JDK and waits for it. */
    private static void jcmd(Process p, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(p.pid())));
        cmd.addAll(List.of(command));
        Process j = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(j.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (j.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    private static void awaitParked(UnderTest r) throws IOException {
        if (!r.emu().awaitParkedPollers(1, PARK_TIMEOUT)) {
            throw new IllegalStateException(r.name() + ": no /next within " + PARK_TIMEOUT.toSeconds() + " s (process "
                    + (r.process().isAlive() ? "alive" : "exited " + r.process().exitValue()) + "); log " + r.log() + ":\n"
                    + tail(r.log()));
        }
    }

    /** SIGTERM, as Lambda does at shutdown; SIGKILL if it has not exited 5 s later. */
    static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private static final Pattern JVM_FLAG = Pattern.compile("(?<=\\s)(-XX:\\S+|-Xss\\S+|-Xm[sx]\\S+)");

    /**
     * The JVM flags of the launcher's {@code exec} line, so the null runtime runs its client with
     * the same compiler and GC as the adapter (a C2 null runtime against a C1 adapter would
     * charge the adapter for the compiler difference).
     */
    static List<String> launcherFlags(Path launcher) throws IOException {
        String script = Files.readString(launcher);
        List<String> flags = new ArrayList<>();
        boolean inExec = false;
        for (String line : script.split("\n")) {
            if (line.stripLeading().startsWith("exec ")) {
                inExec = true;
            }
            if (inExec) {
                Matcher m = JVM_FLAG.matcher(line);
                while (m.find()) {
                    String flag = m.group(1);
                    // an AOT/CDS archive is made for the adapter's class path and names it through
                    // shell variables: it cannot serve the null runtime
                    if (!flag.contains("$") && !flag.startsWith("-XX:AOT") && !flag.startsWith("-XX:SharedArchiveFile")) {
                        flags.add(flag);
                    }
                }
                if (!line.stripTrailing().endsWith("\\")) {
                    break;
                }
            }
        }
        if (flags.isEmpty()) {
            LOG.println("could not read JVM flags from " + launcher + "; using " + DEFAULT_JVM_FLAGS);
            return DEFAULT_JVM_FLAGS;
        }
        return List.copyOf(flags);
    }

    /** The app: in this JVM, or a separate JVM (default flags) that prints its port. */
    interface App extends AutoCloseable {
        int port();

        String description();

        @Override
        void close();

        static App inProcess(byte[] body, boolean platformThreads) throws IOException {
            FixedResponseServer server = FixedResponseServer.start(0, body, "application/json", platformThreads);
            return new App() {
                public int port() {
                    return server.port();
                }

                public String description() {
                    return "FixedResponseServer in the harness JVM, a " + (platformThreads ? "platform" : "virtual")
                            + " thread per connection";
                }

                public void close() {
                    server.close();
                }
            };
        }

        static App process(Path work, int bodySize, boolean platformThreads) throws IOException {
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), FixedResponseServer.class.getName(), "0",
                    Integer.toString(bodySize), platformThreads ? "platform" : "virtual");
            Process p = new ProcessBuilder(command).redirectError(work.resolve("app.log").toFile()).start();
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
            String line = r.readLine();
            if (line == null || !line.startsWith("listening on ")) {
                p.destroyForcibly();
                throw new IOException("the app process did not start: " + line);
            }
            int port = Integer.parseInt(line.substring("listening on ".length()).trim());
            return new App() {
                public int port() {
                    return port;
                }

                public String description() {
                    return "FixedResponseServer in its own JVM (default flags), a " + (platformThreads ? "platform" : "virtual")
                            + " thread per connection";
                }

                public void close() {
                    p.destroy();
                }
            };
        }
    }

    // ---- report ------------------------------------------------------------------------------

    static String report(Machine machine, Options o, Path launcher, List<String> jvmFlags, int eventBytes, int resultBytes,
                         Map<String, Stats> l, Resources res, List<Launch> launches, String app, String load) {
        StringBuilder sb = new StringBuilder();
        sb.append("#### End-to-end run\n\n");
        sb.append(machine.markdown()).append(" Load average (1/5/15 min): ").append(load).append(".\n");
        sb.append("Event ").append(o.kind().name().toLowerCase(Locale.ROOT).replace('_', '-')).append(" (")
                .append(eventBytes).append(" bytes), app body ").append(o.bodySize()).append(" bytes, result ")
                .append(resultBytes).append(" bytes; app: ").append(app).append("; null runtimes' JVM flags (the launcher's): `")
                .append(String.join(" ", jvmFlags)).append("`")
                .append(o.adapterOpts().map(x -> "; adapter `LWA_JAVA_OPTS=" + x + "`").orElse(""))
                .append(o.adapterEnv().isEmpty() ? "" : "; adapter environment " + o.adapterEnv())
                .append("; ").append(o.warmup()).append(" warm-up + ").append(o.n())
                .append(" measured rounds, each round one request per row below, in rotating order.\n\n");

        sb.append("| path | p50 µs | p90 µs | p99 µs | min µs | max µs | mean µs | CPU µs / invoke |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (var e : l.entrySet()) {
            Stats s = e.getValue();
            String name = switch (e.getKey()) {
                case DIRECT -> "direct: harness → app (our Http1Client)";
                case ADAPTER -> "adapter: invoke → lwa → app → result";
                case INLINE -> "inline prototype: invoke → core's handler on one platform thread → app → result";
                case BASELINE -> "baseline adapter (" + o.baselineLayer().orElseThrow() + "): invoke → lwa → app → result";
                default -> e.getKey() + ": invoke → NullRuntime → result";
            };
            Double cpu = res.cpuMicros().get(e.getKey());
            sb.append("| ").append(name).append(" | ").append(Stats.micros(s.p50())).append(" | ")
                    .append(Stats.micros(s.p90())).append(" | ").append(Stats.micros(s.p99())).append(" | ")
                    .append(Stats.micros(s.min())).append(" | ").append(Stats.micros(s.max())).append(" | ")
                    .append(Stats.micros(s.mean())).append(" | ")
                    .append(cpu == null ? "" : String.format(Locale.ROOT, "%.0f", cpu)).append(" |\n");
        }
        Stats adapter = l.get(ADAPTER);
        Stats floor = l.get(nullName(NullRuntime.Mode.PLATFORM));
        sb.append("\n| added latency | p50 µs | p90 µs | p99 µs | mean µs |\n|---|---:|---:|---:|---:|\n");
        delta(sb, "**adapter − null runtime (platform)**: what the adapter adds", adapter, floor, true);
        Stats virtual = l.get(nullName(NullRuntime.Mode.VIRTUAL));
        Stats pipeline = l.get(nullName(NullRuntime.Mode.PIPELINE));
        if (virtual != null) {
            delta(sb, "Managed Instances (N > 1) thread shape: blocking I/O on a virtual thread (null virtual − null platform)",
                    virtual, floor, false);
        }
        if (virtual != null && pipeline != null) {
            delta(sb, "Managed Instances (N > 1) thread shape: the queue/dispatcher hand-offs (null pipeline − null virtual)",
                    pipeline, virtual, false);
        }
        Stats baseline = l.get(BASELINE);
        if (baseline != null) {
            delta(sb, "baseline adapter − null runtime (platform)", baseline, floor, false);
            delta(sb, "**adapter − baseline adapter**: this layer against the baseline, same rounds", adapter, baseline, true);
        }
        delta(sb, "for scale: one app exchange from the harness (direct)", l.get(DIRECT), null, false);
        Stats inlined = l.get(INLINE);
        if (inlined != null) {
            delta(sb, "*inline prototype − null runtime (platform)*: the adapter's N = 1 shape, outside the adapter",
                    inlined, floor, false);
        }
        sb.append('\n');

        sb.append("| process | after | VmRSS MiB | VmHWM MiB |\n|---|---|---:|---:|\n");
        for (var e : res.memory().entrySet()) {
            sb.append("| ").append(e.getKey()).append(" | ").append(res.measuredAfter()).append(" invocations | ")
                    .append(e.getValue().rssMib()).append(" | ").append(e.getValue().hwmMib()).append(" |\n");
            if (e.getKey().equals(ADAPTER)) {
                res.adapterAfterSoak().ifPresent(s -> sb.append("| adapter | ").append(res.soak()).append(" invocations | ")
                        .append(s.rssMib()).append(" | ").append(s.hwmMib()).append(" |\n"));
            }
        }
        sb.append('\n');

        if (!launches.isEmpty()) {
            long[] next = launches.stream().mapToLong(Launch::firstNext).toArray();
            long[] reg = launches.stream().mapToLong(Launch::register).filter(v -> v >= 0).toArray();
            long[] rss = launches.stream().mapToLong(x -> x.atFirstNext().rssKib() * 1024).toArray();
            Stats sNext = Stats.of(next);
            sb.append("| start-up: ").append(launches.size()).append(" launches of `")
                    .append(launcher).append("`, app already listening | median | min | max |\n");
            sb.append("|---|---:|---:|---:|\n");
            if (reg.length > 0) {
                Stats sReg = Stats.of(reg);
                sb.append("| exec → extension registered, ms | ").append(Stats.millis(sReg.p50())).append(" | ")
                        .append(Stats.millis(sReg.min())).append(" | ").append(Stats.millis(sReg.max())).append(" |\n");
            }
            sb.append("| **exec → first `/next`**, ms | **").append(Stats.millis(sNext.p50())).append("** | ")
                    .append(Stats.millis(sNext.min())).append(" | ").append(Stats.millis(sNext.max())).append(" |\n");
            Stats sRss = Stats.of(rss);
            sb.append("| VmRSS at first `/next`, MiB | ").append(mib(sRss.p50())).append(" | ").append(mib(sRss.min()))
                    .append(" | ").append(mib(sRss.max())).append(" |\n\n");
            sb.append(verdict("exec → first /next median ≤ 400 ms", sNext.p50() <= 400_000_000L,
                    Stats.millis(sNext.p50()) + " ms")).append('\n');
        }
        long added = adapter.p50() - floor.p50();
        sb.append(verdict("added latency p50 ≤ 150 µs", added <= 150_000L, Stats.micros(added) + " µs")).append('\n');
        return sb.toString();
    }

    /** A row of differences of percentiles ({@code b} may be null: then {@code a} itself). */
    private static void delta(StringBuilder sb, String name, Stats a, Stats b, boolean bold) {
        String m = bold ? "**" : "";
        sb.append("| ").append(name).append(" | ")
                .append(m).append(Stats.micros(a.p50() - (b == null ? 0 : b.p50()))).append(m).append(" | ")
                .append(Stats.micros(a.p90() - (b == null ? 0 : b.p90()))).append(" | ")
                .append(m).append(Stats.micros(a.p99() - (b == null ? 0 : b.p99()))).append(m).append(" | ")
                .append(Stats.micros(a.mean() - (b == null ? 0 : b.mean()))).append(" |\n");
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1024.0 / 1024.0);
    }

    private static String verdict(String target, boolean met, String value) {
        return "- target " + target + ": " + (met ? "**met**" : "**missed**") + " (" + value + ")";
    }
}
