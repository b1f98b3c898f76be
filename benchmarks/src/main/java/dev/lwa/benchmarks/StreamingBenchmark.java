package dev.lwa.benchmarks;

import dev.lwa.bootstrap.Adapter;
import dev.lwa.core.config.Config;
import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import dev.lwa.emulator.LambdaEmulator;
import dev.lwa.emulator.StreamListener;
import dev.lwa.runtimeapi.Invocation;
import dev.lwa.runtimeapi.RuntimeApiClient;
import dev.lwa.runtimeapi.http.Http1Client;
import dev.lwa.runtimeapi.http.Http1Request;
import dev.lwa.runtimeapi.http.Http1Response;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Response streaming ({@code AWS_LWA_INVOKE_MODE=response_stream}), on this machine, in
 * one run; see the "Streaming" section of docs/performance.md.
 *
 * <ul>
 *   <li><b>Throughput</b>: a large chunked body from the app, read by the harness straight from the
 *       app (<i>direct</i>) and through the adapter into the emulator (<i>through lwa</i>, the
 *       emulator's listener keeps no bytes), plus the same through lwa gzip-compressed. Rounds are
 *       interleaved so drift hits every path alike.</li>
 *   <li><b>Time to first byte</b> per event: an SSE app writes small events at a fixed pace; each
 *       event's latency is the time from just before the app's socket write to its arrival at the
 *       reader (the harness's client for <i>direct</i>, the emulator's stream listener through lwa).
 *       App, emulator and harness share one JVM, so both ends read the same {@link System#nanoTime}.</li>
 *   <li>The adapter's peak RSS (VmHWM) after all of it, when it runs as the layer's launcher.</li>
 * </ul>
 */
public final class StreamingBenchmark {
    private static final PrintStream OUT = System.out;
    private static final PrintStream LOG = System.err;
    private static final long MIB = 1024 * 1024;
    static final String SECTION = "streaming";

    private StreamingBenchmark() {
    }

    /** Command-line options; see {@link #usage()}. */
    record Options(Path layer, Optional<Path> doc, long bodyBytes, int rounds, int events, long gapMicros,
                   boolean inProcess) {
        static Options parse(String[] args) {
            Path layer = Path.of("bootstrap/target/layer");
            Optional<Path> doc = Files.exists(Path.of("docs/performance.md")) ? Optional.of(Path.of("docs/performance.md")) : Optional.empty();
            long body = 200 * MIB;
            int rounds = 5;
            int events = 2000;
            long gap = 2000;
            boolean inProcess = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--layer" -> layer = Path.of(value(args, ++i, a));
                    case "--doc" -> doc = Optional.of(Path.of(value(args, ++i, a)));
                    case "--no-doc" -> doc = Optional.empty();
                    case "--mib" -> body = Long.parseLong(value(args, ++i, a)) * MIB;
                    case "--rounds" -> rounds = Integer.parseInt(value(args, ++i, a));
                    case "--events" -> events = Integer.parseInt(value(args, ++i, a));
                    case "--gap-us" -> gap = Long.parseLong(value(args, ++i, a));
                    case "--in-process" -> inProcess = true;
                    default -> throw new IllegalArgumentException("unknown option " + a + "\n" + usage());
                }
            }
            if (body < 1 || rounds < 1 || events < 2 || gap < 1) {
                throw new IllegalArgumentException("--mib, --rounds, --gap-us must be positive and --events at least 2\n" + usage());
            }
            return new Options(layer, doc, body, rounds, events, gap, inProcess);
        }

        private static String value(String[] args, int i, String option) {
            return Cli.value(args, i, option, usage());
        }
    }

    static String usage() {
        return """
                usage: StreamingBenchmark [--layer bootstrap/target/layer] [--doc docs/performance.md | --no-doc]
                                          [--mib 200] [--rounds 5] [--events 2000] [--gap-us 2000] [--in-process]
                --mib        body size of each throughput round, MiB
                --rounds     throughput rounds per path (interleaved)
                --events     SSE events per time-to-first-byte run; --gap-us apart
                --in-process run the adapter in the harness JVM instead of the layer's launcher (no RSS then)""";
    }

    public static void main(String[] args) throws Exception {
        Options o = Cli.parseOrExit(args, Options::parse);
        Path launcher = o.layer().resolve("extensions/lambda-adapter");
        if (!o.inProcess() && !Files.isExecutable(launcher)) {
            LOG.println("no launcher at " + launcher.toAbsolutePath() + ": build the layer first with "
                    + "`mvn -B -DskipTests package` (from the repository root), pass --layer, or use --in-process");
            System.exit(2);
            return;
        }
        Machine machine = Machine.current();
        String load = Machine.loadAverage();
        LOG.println(machine.markdown() + " Load average " + load + ".");
        String report;
        try (StreamApp app = StreamApp.start();
             LambdaEmulator emu = LambdaEmulator.builder().port(0).concurrency(1).functionTimeout(Duration.ofSeconds(120))
                     .maxStreamedResponseBytes(o.bodyBytes() + MIB).start();
             UnderTest lwa = o.inProcess() ? UnderTest.inProcess(emu, app.port()) : UnderTest.launcher(launcher, emu, app.port());
             Http1Client direct = Http1Client.builder("127.0.0.1", app.port()).build();
             LambdaEmulator bare = LambdaEmulator.builder().port(0).concurrency(1).functionTimeout(Duration.ofSeconds(120))
                     .maxStreamedResponseBytes(o.bodyBytes() + MIB).start();
             RuntimeApiClient streamer = RuntimeApiClient.create(bare.runtimeApi(), true)) {
            LOG.println("adapter: " + lwa.describe());
            LOG.println("emulator without adapter: " + bare.runtimeApi());
            LOG.println("warm-up");
            long warm = Math.min(o.bodyBytes(), 32 * MIB);
            for (int i = 0; i < 3; i++) {
                directBytes(direct, warm, "random");
                viaLwa(emu, warm, "random", false);
                viaLwa(emu, warm, "text", true);
                runtimeOnly(bare, streamer, warm);
            }
            sseDirect(app, direct, Math.min(o.events(), 300), o.gapMicros());
            sseViaLwa(app, emu, Math.min(o.events(), 300), o.gapMicros());

            LOG.println("throughput: " + o.rounds() + " rounds of " + o.bodyBytes() / MIB + " MiB per path");
            double[][] mibps = new double[PATHS.length][o.rounds()];
            long[] adapterCpu = new long[PATHS.length];
            for (int r = 0; r < o.rounds(); r++) {
                for (int k = 0; k < PATHS.length; k++) {
                    int path = (k + r) % PATHS.length; // rotate the order from round to round
                    Optional<ProcStatus> before = lwa.status();
                    long nanos = switch (path) {
                        case 0 -> directBytes(direct, o.bodyBytes(), "random");
                        case 1 -> runtimeOnly(bare, streamer, o.bodyBytes());
                        case 2 -> viaLwa(emu, o.bodyBytes(), "random", false);
                        default -> viaLwa(emu, o.bodyBytes(), "text", true);
                    };
                    mibps[path][r] = o.bodyBytes() / (double) MIB / (nanos / 1e9);
                    Optional<ProcStatus> after = lwa.status();
                    if (before.isPresent() && after.isPresent()) {
                        adapterCpu[path] += after.get().cpu().toNanos() - before.get().cpu().toNanos();
                    }
                }
            }
            LOG.println("time to first byte: " + o.events() + " events, " + o.gapMicros() + " µs apart, per path");
            Stats ttfbDirect = Stats.of(sseDirect(app, direct, o.events(), o.gapMicros()));
            Stats ttfbLwa = Stats.of(sseViaLwa(app, emu, o.events(), o.gapMicros()));
            Optional<ProcStatus> memory = lwa.status();
            double gib = o.rounds() * (double) o.bodyBytes() / (1024.0 * MIB);
            double[] cpuMsPerGiB = Arrays.stream(adapterCpu).mapToDouble(ns -> ns / 1e6 / gib).toArray();
            report = render(machine, load, o, mibps, ttfbDirect, ttfbLwa, memory,
                    memory.isPresent() ? cpuMsPerGiB : new double[0], lwa.summary());
        }
        OUT.println(report);
        if (o.doc().isPresent()) {
            DocBlock.write(o.doc().get(), SECTION, report);
            LOG.println("wrote the \"" + SECTION + "\" section of " + o.doc().get());
        }
    }

    // ---- measurements ------------------------------------------------------------------------

    /** Nanoseconds to read the whole {@code /bytes} body straight from the app. */
    static long directBytes(Http1Client client, long size, String kind) throws IOException {
        long t0 = System.nanoTime();
        long total = 0;
        try (Http1Response r = client.send(Http1Request.get("/bytes?size=" + size + "&kind=" + kind))) {
            InputStream in = r.body();
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) >= 0; ) {
                total += n;
            }
        }
        long nanos = System.nanoTime() - t0;
        check(total == size, "direct read " + total + " of " + size + " bytes");
        return nanos;
    }

    /** Nanoseconds for one invocation that streams {@code size} body bytes through the adapter. */
    static long viaLwa(LambdaEmulator emu, long size, String kind, boolean gzip) {
        Counting counter = new Counting();
        String event = event("/bytes", "size=" + size + "&kind=" + kind, gzip ? ",\"accept-encoding\":\"gzip\"" : "");
        long t0 = System.nanoTime();
        InvocationResult r = emu.invoke(Invoke.of(event), counter);
        long nanos = System.nanoTime() - t0;
        check(r.isResponse(), "invocation failed: " + r + " " + r.errorBodyAsString().orElse(""));
        if (!gzip) {
            check(counter.bytes == size, "the emulator received " + counter.bytes + " of " + size + " bytes");
        } else {
            check(counter.bytes > 0 && counter.bytes < size, "gzip: " + counter.bytes + " bytes for " + size);
        }
        return nanos;
    }

    /**
     * Nanoseconds for one invocation whose stream a runtime in the harness writes from memory
     * (64 KiB writes, each flushed): the emulator's side of the path alone, the ceiling for lwa.
     */
    static long runtimeOnly(LambdaEmulator emu, RuntimeApiClient runtime, long size) throws Exception {
        byte[] block = new byte[64 * 1024];
        new Random(2).nextBytes(block);
        Counting counter = new Counting();
        CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
            try {
                Invocation inv = runtime.next();
                runtime.respondStreaming(inv.requestId(), "application/vnd.awslambda.http-integration-response", out -> {
                    out.write("{\"statusCode\":200,\"headers\":{},\"cookies\":[]}".getBytes(StandardCharsets.US_ASCII));
                    out.write(new byte[8]);
                    out.flush();
                    for (long left = size; left > 0; left -= block.length) {
                        out.write(block, 0, (int) Math.min(block.length, left));
                        out.flush();
                    }
                });
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        check(emu.awaitParkedPollers(1, Duration.ofSeconds(10)), "the harness runtime did not poll");
        long t0 = System.nanoTime();
        InvocationResult r = emu.invoke(Invoke.of("{}"), counter);
        long nanos = System.nanoTime() - t0;
        served.join();
        check(r.isResponse() && counter.bytes == size, "runtime-only stream: " + r + ", " + counter.bytes + " bytes");
        return nanos;
    }

    /** Per-event latency, app write → harness client read, in ns. */
    static long[] sseDirect(StreamApp app, Http1Client client, int events, long gapMicros) throws IOException {
        long[] written = app.expectSse(events);
        long[] arrived = new long[events];
        int seen = 0;
        try (Http1Response r = client.send(Http1Request.get("/sse?events=" + events + "&gapUs=" + gapMicros))) {
            InputStream in = r.body();
            byte[] buf = new byte[16 * 1024];
            boolean newline = false;
            for (int n; (n = in.read(buf)) >= 0; ) {
                long now = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    boolean nl = buf[i] == '\n';
                    if (nl && newline && seen < events) {
                        arrived[seen++] = now;
                    }
                    newline = nl;
                }
            }
        }
        check(seen == events, "direct SSE: " + seen + " of " + events + " events");
        return latencies(written, arrived);
    }

    /** Per-event latency, app write → emulator listener, in ns. */
    static long[] sseViaLwa(StreamApp app, LambdaEmulator emu, int events, long gapMicros) {
        long[] written = app.expectSse(events);
        SseArrivals arrivals = new SseArrivals(events);
        InvocationResult r = emu.invoke(Invoke.of(event("/sse", "events=" + events + "&gapUs=" + gapMicros, "")), arrivals);
        check(r.isResponse(), "SSE invocation failed: " + r);
        check(arrivals.seen == events, "SSE through lwa: " + arrivals.seen + " of " + events + " events");
        return latencies(written, arrivals.arrived);
    }

    private static long[] latencies(long[] written, long[] arrived) {
        long[] d = new long[written.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = arrived[i] - written[i];
        }
        return d;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }

    /** A Function URL event (payload 2.0) for {@code GET path?query}. */
    static String event(String path, String query, String extraHeaders) {
        return """
                {"version":"2.0","routeKey":"$default","rawPath":"%s","rawQueryString":"%s",
                 "headers":{"accept":"*/*","host":"abc.lambda-url.us-east-1.on.aws"%s},
                 "requestContext":{"accountId":"123456789012","apiId":"abc","domainName":"abc.lambda-url.us-east-1.on.aws",
                   "domainPrefix":"abc","http":{"method":"GET","path":"%s","protocol":"HTTP/1.1","sourceIp":"203.0.113.9",
                   "userAgent":"bench"},"requestId":"bench","routeKey":"$default","stage":"$default",
                   "time":"12/Mar/2020:19:03:58 +0000","timeEpoch":1583348638390},
                 "isBase64Encoded":false}
                """.formatted(path, query, extraHeaders, path);
    }

    /** Counts the streamed body bytes and keeps none. */
    static final class Counting implements StreamListener {
        long bytes;

        @Override
        public boolean keepBody() {
            return false;
        }

        @Override
        public void onBody(byte[] chunk, long nanoTime) {
            bytes += chunk.length;
        }
    }

    /** When each event (ending in a blank line) reached the emulator. */
    static final class SseArrivals implements StreamListener {
        final long[] arrived;
        int seen;
        private boolean newline;

        SseArrivals(int events) {
            this.arrived = new long[events];
        }

        @Override
        public boolean keepBody() {
            return false;
        }

        @Override
        public void onBody(byte[] chunk, long nanoTime) {
            for (byte b : chunk) {
                boolean nl = b == '\n';
                if (nl && newline && seen < arrived.length) {
                    arrived[seen++] = nanoTime;
                }
                newline = nl;
            }
        }
    }

    // ---- report ------------------------------------------------------------------------------

    static final String[] PATHS = {
            "direct: the harness reads the app",
            "emulator only: a runtime in the harness streams from memory",
            "through lwa: app → lwa → emulator",
            "through lwa, gzip (text body; MiB/s of the uncompressed body)"};

    static String render(Machine machine, String load, Options o, double[][] mibps, Stats direct, Stats lwa,
                         Optional<ProcStatus> memory, double[] cpuMsPerGiB, String adapter) {
        StringBuilder sb = new StringBuilder();
        sb.append(machine.markdown()).append(" Load average at the start: ").append(load).append(". Adapter: ")
                .append(adapter).append(".\n\n");
        sb.append("Throughput, ").append(o.bodyBytes() / MIB).append(" MiB per round, ").append(o.rounds())
                .append(" rounds per path, MiB/s:\n\n");
        boolean cpu = cpuMsPerGiB.length > 0;
        sb.append("| path | median | min | max |").append(cpu ? " adapter CPU, ms per GiB |" : "")
                .append("\n|---|---:|---:|---:|").append(cpu ? "---:|" : "").append('\n');
        for (int p = 0; p < PATHS.length; p++) {
            double[] s = mibps[p].clone();
            Arrays.sort(s);
            sb.append("| ").append(PATHS[p]).append(" | ").append(f0(s[(s.length - 1) / 2])).append(" | ")
                    .append(f0(s[0])).append(" | ").append(f0(s[s.length - 1])).append(" |");
            if (cpu) {
                sb.append(' ').append(p >= 2 ? f0(cpuMsPerGiB[p]) : "–").append(" |");
            }
            sb.append('\n');
        }
        sb.append("\nTime to first byte per event (app write → reader), ").append(o.events()).append(" SSE events ")
                .append(o.gapMicros()).append(" µs apart, µs:\n\n");
        sb.append("| path | p50 | p90 | p99 | max |\n|---|---:|---:|---:|---:|\n");
        row(sb, "direct (app → harness client)", direct);
        row(sb, "through lwa (app → lwa → emulator listener)", lwa);
        sb.append("\nAdded by lwa at p50: ").append(Stats.micros(lwa.p50() - direct.p50())).append(" µs.");
        memory.ifPresent(m -> sb.append(" Adapter peak RSS (VmHWM) after all rounds: ").append(m.hwmMib())
                .append(" MiB (RSS now ").append(m.rssMib()).append(" MiB)."));
        return sb.append('\n').toString();
    }

    private static void row(StringBuilder sb, String name, Stats s) {
        sb.append("| ").append(name).append(" | ").append(Stats.micros(s.p50())).append(" | ").append(Stats.micros(s.p90()))
                .append(" | ").append(Stats.micros(s.p99())).append(" | ").append(Stats.micros(s.max())).append(" |\n");
    }

    private static String f0(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    // ---- the adapter under test --------------------------------------------------------------

    /** The adapter as the layer's launcher (a child process) or in the harness JVM. */
    interface UnderTest extends AutoCloseable {
        /** With pid and log, for the console. */
        String describe();

        /** For the report. */
        String summary();

        Optional<ProcStatus> status() throws IOException;

        @Override
        void close() throws Exception;

        static Map<String, String> env(LambdaEmulator emu, int appPort) {
            Map<String, String> env = new HashMap<>(emu.extensionEnvironment());
            env.put("PATH", Optional.ofNullable(System.getenv("PATH")).orElse("/usr/local/bin:/usr/bin:/bin"));
            env.put("AWS_LWA_PORT", Integer.toString(appPort));
            env.put("AWS_LWA_INVOKE_MODE", "response_stream");
            env.put("AWS_LWA_ENABLE_COMPRESSION", "true"); // only requests with Accept-Encoding are compressed
            return env;
        }

        static UnderTest launcher(Path launcher, LambdaEmulator emu, int appPort) throws IOException {
            Path log = Files.createTempFile("lwa-streaming-bench-", ".log");
            ProcessBuilder pb = new ProcessBuilder(launcher.toString());
            pb.environment().clear();
            pb.environment().putAll(env(emu, appPort));
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
            Process p = pb.start();
            if (!emu.awaitParkedPollers(1, Duration.ofSeconds(30))) {
                p.destroyForcibly();
                throw new IllegalStateException("the adapter never called /next; its log is " + log);
            }
            return new UnderTest() {
                @Override
                public String describe() {
                    return "the layer's launcher (" + launcher + "), pid " + p.pid() + ", log " + log;
                }

                @Override
                public String summary() {
                    return "the layer's launcher (its JVM flags: C1 only, SerialGC, MaxRAM=256m)";
                }

                @Override
                public Optional<ProcStatus> status() throws IOException {
                    return Optional.of(ProcStatus.of(p.toHandle()));
                }

                @Override
                public void close() throws InterruptedException {
                    p.destroy();
                    if (!p.waitFor(5, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                }
            };
        }

        static UnderTest inProcess(LambdaEmulator emu, int appPort) throws dev.lwa.core.config.ConfigException {
            Adapter adapter = new Adapter(Config.fromEnv(env(emu, appPort)), Adapter.DEFAULT_EXTENSION_NAME);
            CompletableFuture<Integer> exit = new CompletableFuture<>();
            Thread.ofPlatform().name("lwa-in-process").start(() -> exit.complete(adapter.run()));
            if (!emu.awaitParkedPollers(1, Duration.ofSeconds(30))) {
                throw new IllegalStateException("the in-process adapter never called /next");
            }
            return new UnderTest() {
                @Override
                public String describe() {
                    return "in the harness JVM";
                }

                @Override
                public String summary() {
                    return describe();
                }

                @Override
                public Optional<ProcStatus> status() {
                    return Optional.empty();
                }

                @Override
                public void close() {
                    adapter.terminate();
                }
            };
        }
    }

    // ---- the app -----------------------------------------------------------------------------

    /**
     * A minimal HTTP/1.1 app on a raw socket, so the app costs little next to what is measured:
     * {@code /bytes?size=S&kind=random|text} (chunked, 64 KiB chunks from one prepared buffer) and
     * {@code /sse?events=N&gapUs=G} (one chunk per event, paced on a schedule, not by sleeps that
     * drift); anything else is {@code 200 ok} (the readiness check).
     */
    static final class StreamApp implements AutoCloseable {
        private static final int PIECE = 64 * 1024;
        private final ServerSocket server;
        private final byte[] randomFrame;
        private final byte[] textFrame;
        private volatile long[] sseWritten = new long[0];

        private StreamApp(ServerSocket server) {
            this.server = server;
            byte[] random = new byte[PIECE];
            new Random(1).nextBytes(random);
            byte[] text = "lwa streams this line of text through the adapter, compressed or not. 0123456789\n"
                    .repeat(PIECE / 64).substring(0, PIECE).getBytes(StandardCharsets.US_ASCII);
            this.randomFrame = frame(random, PIECE);
            this.textFrame = frame(text, PIECE);
        }

        static StreamApp start() throws IOException {
            StreamApp app = new StreamApp(new ServerSocket(0, 64, InetAddress.getLoopbackAddress()));
            Thread.ofPlatform().daemon().name("stream-app-accept").start(app::acceptLoop);
            return app;
        }

        int port() {
            return server.getLocalPort();
        }

        /** The array the next {@code /sse} fills with the nanoTime before each event's write. */
        long[] expectSse(int events) {
            long[] w = new long[events];
            sseWritten = w;
            return w;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    s.setTcpNoDelay(true);
                    Thread.ofVirtual().start(() -> serve(s));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            try (s) {
                InputStream in = new BufferedInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                while (true) {
                    String target = readRequest(in);
                    if (target == null) {
                        return;
                    }
                    int q = target.indexOf('?');
                    String path = q < 0 ? target : target.substring(0, q);
                    Map<String, String> query = query(q < 0 ? "" : target.substring(q + 1));
                    switch (path) {
                        case "/bytes" -> bytes(out, Long.parseLong(query.get("size")), "text".equals(query.get("kind")));
                        case "/sse" -> sse(out, Integer.parseInt(query.get("events")), Long.parseLong(query.get("gapUs")));
                        default -> out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok"
                                .getBytes(StandardCharsets.US_ASCII));
                    }
                    out.flush();
                }
            } catch (IOException | RuntimeException e) {
                // the client went away
            }
        }

        private void bytes(OutputStream out, long size, boolean text) throws IOException {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + (text ? "text/plain" : "application/octet-stream")
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] frame = text ? textFrame : randomFrame;
            long full = size / PIECE;
            for (long i = 0; i < full; i++) {
                out.write(frame);
            }
            int rest = (int) (size % PIECE);
            if (rest > 0) {
                int header = frame.length - PIECE - 2; // "10000\r\n"
                out.write(frame(Arrays.copyOfRange(frame, header, header + rest), rest));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }

        private void sse(OutputStream out, int events, long gapMicros) throws IOException {
            long[] written = sseWritten;
            out.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                long due = start + i * gapMicros * 1000;
                for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                    LockSupport.parkNanos(wait);
                }
                byte[] data = ("data: " + i + "\n\n").getBytes(StandardCharsets.US_ASCII);
                byte[] f = frame(data, data.length);
                if (i < written.length) {
                    written[i] = System.nanoTime();
                }
                out.write(f); // one write per event: the socket sends it at once (TCP_NODELAY)
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }

        /** {@code <hex size>\r\n<data>\r\n}. */
        private static byte[] frame(byte[] data, int len) {
            byte[] head = (Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] f = new byte[head.length + len + 2];
            System.arraycopy(head, 0, f, 0, head.length);
            System.arraycopy(data, 0, f, head.length, len);
            f[f.length - 2] = '\r';
            f[f.length - 1] = '\n';
            return f;
        }

        /** The request target, after reading the head and skipping any Content-Length body; null at EOF. */
        private static String readRequest(InputStream in) throws IOException {
            String requestLine = line(in);
            if (requestLine == null) {
                return null;
            }
            long length = 0;
            for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
                if (l.regionMatches(true, 0, "content-length:", 0, 15)) {
                    length = Long.parseLong(l.substring(15).trim());
                }
            }
            in.skipNBytes(length);
            String[] parts = requestLine.split(" ");
            return parts.length > 1 ? parts[1] : "/";
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream(64);
            for (int c; (c = in.read()) >= 0; ) {
                if (c == '\n') {
                    String s = b.toString(StandardCharsets.ISO_8859_1);
                    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                }
                b.write(c);
            }
            return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
        }

        private static Map<String, String> query(String raw) {
            Map<String, String> q = new HashMap<>();
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            return q;
        }
    }
}
