package dev.lwa.benchmarks;

import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import dev.lwa.emulator.LambdaEmulator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The memory targets, each on a fresh launch of the layer's launcher against the emulator, with
 * the function memory and concurrency Lambda would announce:
 * <ol>
 *   <li>RSS after 10,000 small HTTP API invocations, 128 MB function;</li>
 *   <li>peak RSS (VmHWM) over 6 MB events answered small, the same with binary (base64) events,
 *       then small requests answered with 5.9 MB, with a Content-Length and chunked, 128 MB
 *       function;</li>
 *   <li>16 concurrent 6 MB events × 4 rounds, 2048 MB function, 16 pollers: errors, invocations
 *       never answered, and whether it still serves afterwards.</li>
 * </ol>
 * {@code MemoryRun [--layer bootstrap/target/layer] [--small 10000] [--large 10]}; writes nothing but
 * its report (docs/performance.md quotes it). Run as root, it drops the page cache before each
 * launch ({@link #dropPageCache}).
 */
public final class MemoryRun {
    private static final PrintStream OUT = System.out;
    private static final int BIG = 5_900_000;

    private MemoryRun() {
    }

    /** A v2 POST event whose text body is {@code size} bytes: the event is about that size. */
    static byte[] postEvent(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'x');
        String head = "{\"version\":\"2.0\",\"routeKey\":\"$default\",\"rawPath\":\"/upload\",\"rawQueryString\":\"\","
                + "\"headers\":{\"content-type\":\"text/plain\",\"host\":\"abc.lambda-url.us-east-1.on.aws\"},"
                + "\"requestContext\":{\"domainName\":\"abc.lambda-url.us-east-1.on.aws\",\"http\":{\"method\":\"POST\","
                + "\"path\":\"/upload\",\"protocol\":\"HTTP/1.1\",\"sourceIp\":\"127.0.0.1\",\"userAgent\":\"bench\"},"
                + "\"requestId\":\"r\",\"stage\":\"$default\"},\"isBase64Encoded\":false,\"body\":\"";
        String tail = "\"}";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] event = Arrays.copyOf(h, h.length + size + tail.length());
        System.arraycopy(body, 0, event, h.length, size);
        System.arraycopy(tail.getBytes(StandardCharsets.US_ASCII), 0, event, h.length + size, tail.length());
        return event;
    }

    /** One launch: the emulator, the app, the adapter's process, its log. */
    record Run(LambdaEmulator emu, FixedResponseServer app, Process adapter, Path log) implements AutoCloseable {
        static Run start(Path launcher, int memoryMb, int concurrency, byte[] appBody, String type) throws Exception {
            return start(launcher, memoryMb, concurrency, appBody, type, Map.of());
        }

        static Run start(Path launcher, int memoryMb, int concurrency, byte[] appBody, String type,
                         Map<String, String> adapterEnv) throws Exception {
            return start(launcher, memoryMb, concurrency, FixedResponseServer.start(appBody, type), adapterEnv);
        }

        static Run start(Path launcher, int memoryMb, int concurrency, FixedResponseServer app,
                         Map<String, String> adapterEnv) throws Exception {
            pageCacheDropped = dropPageCache();
            LambdaEmulator emu = LambdaEmulator.builder().port(0).concurrency(concurrency).memoryMb(memoryMb)
                    .functionTimeout(Duration.ofSeconds(60)).start();
            Path log = Files.createTempFile("lwa-memory-run", ".log");
            Map<String, String> extra = new java.util.HashMap<>(adapterEnv);
            extra.put("AWS_LWA_PORT", Integer.toString(app.port()));
            Process adapter = EndToEnd.builder(List.of(launcher.toString()), EndToEnd.env(emu, extra), log).start();
            if (!emu.awaitParkedPollers(concurrency, Duration.ofSeconds(60))) {
                throw new IllegalStateException("the adapter never polled; log:\n" + EndToEnd.tail(log));
            }
            return new Run(emu, app, adapter, log);
        }

        ProcStatus status() throws IOException {
            return ProcStatus.of(adapter.toHandle());
        }

        @Override
        public void close() throws Exception {
            EndToEnd.stop(adapter);
            emu.close();
            app.close();
        }
    }

    /** Whether the last launch started with the page cache dropped. */
    private static boolean pageCacheDropped;

    /**
     * Drops the kernel's page cache when this process may (root): the layer's files are then read
     * afresh, as in a new Lambda sandbox. It matters: after the build's AOT training run has faulted
     * libjvm.so in, the kernel maps ~1.4 MiB more of its pages into each new JVM (fault-around over
     * cached pages), so the same layer measures 40.1 MiB warm and 38.7 MiB cold.
     */
    private static boolean dropPageCache() {
        Path control = Path.of("/proc/sys/vm/drop_caches");
        try {
            new ProcessBuilder("sync").inheritIO().start().waitFor();
            Files.writeString(control, "1");
            return true;
        } catch (IOException | InterruptedException | RuntimeException e) {
            return false;
        }
    }

    public static void main(String[] args) throws Exception {
        Path layer = Path.of("bootstrap/target/layer");
        int small = 10_000;
        int large = 10;
        Map<String, String> adapterEnv = Map.of();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--adapter-opts" -> adapterEnv = Map.of("LWA_JAVA_OPTS", args[++i]);
                case "--layer" -> layer = Path.of(args[++i]);
                case "--small" -> small = Integer.parseInt(args[++i]);
                case "--large" -> large = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("MemoryRun [--layer dir] [--small 10000] [--large 10]");
            }
        }
        Path launcher = layer.resolve("extensions/lambda-adapter").toAbsolutePath();
        OUT.println(Machine.current().markdown() + " Load average " + Machine.loadAverage() + " at the start.");
        OUT.println();
        OUT.println("| measure | result |");
        OUT.println("|---|---|");
        byte[] smallEvent = Events.event(Events.Kind.HTTP_V2, Events.SMALL_BODY);

        try (Run run = Run.start(launcher, 128, 1, Events.jsonBody(Events.SMALL_BODY), "application/json", adapterEnv)) {
            for (int i = 0; i < small; i++) {
                check(run.emu().invoke(smallEvent), "small " + i, run);
            }
            ProcStatus s = run.status();
            if (Boolean.getBoolean("lwa.bench.pmap")) {
                Process pm = new ProcessBuilder("sh", "-c", "pmap -x " + run.adapter().pid() + " | sort -n -k3 | tail -22; cat /proc/" + run.adapter().pid() + "/task/*/comm | sort | uniq -c")
                        .redirectErrorStream(true).start();
                OUT.println(new String(pm.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            if (adapterEnv.getOrDefault("LWA_JAVA_OPTS", "").contains("NativeMemoryTracking")) {
                Process j = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(run.adapter().pid()), "VM.native_memory", "summary").redirectErrorStream(true).start();
                OUT.println(new String(j.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            OUT.printf("| RSS after %,d small invocations, 128 MB function | %s MiB (peak %s)%s |%n", small, s.rssMib(), s.hwmMib(),
                    pageCacheDropped ? "" : ", page cache warm (not root: could not drop it)");
        }

        if (large == 0) {
            return; // the small run alone
        }
        try (Run run = Run.start(launcher, 128, 1, Events.jsonBody(Events.SMALL_BODY), "application/json", adapterEnv)) {
            byte[] event = postEvent(BIG);
            for (int i = 0; i < large; i++) {
                check(run.emu().invoke(event), "6 MB event " + i, run);
            }
            ProcStatus after = run.status();
            if (Boolean.getBoolean("lwa.bench.histo")) {
                Process j = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(run.adapter().pid()), "GC.class_histogram").redirectErrorStream(true).start();
                new String(j.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().limit(12).forEach(OUT::println);
            }
            check(run.emu().invoke(smallEvent), "small after", run);
            OUT.printf("| %d events of %.1f MB, 128 MB function | peak %s MiB, %s MiB after |%n", large, event.length / 1e6,
                    after.hwmMib(), run.status().rssMib());
        }

        try (Run run = Run.start(launcher, 128, 1, Events.jsonBody(Events.SMALL_BODY), "application/json", adapterEnv)) {
            byte[] event = Events.binaryEvent(BIG / 4 * 3); // a file upload: base64, about as large as the text events
            for (int i = 0; i < large; i++) {
                check(run.emu().invoke(event), "binary event " + i, run);
            }
            ProcStatus after = run.status();
            check(run.emu().invoke(smallEvent), "small after", run);
            OUT.printf("| %d binary uploads of %.1f MB (base64 events of %.1f MB), 128 MB function | peak %s MiB, %s MiB after |%n",
                    large, BIG / 4 * 3 / 1e6, event.length / 1e6, after.hwmMib(), run.status().rssMib());
        }

        byte[] bigBody = new byte[BIG];
        Arrays.fill(bigBody, (byte) 'y');
        // with a Content-Length; chunked; chunked with AWS_LWA_ENABLE_COMPRESSION (what gets through is gzip)
        byte[] gzipEvent = new String(smallEvent, StandardCharsets.UTF_8)
                .replace("\"accept\": \"application/json\"", "\"accept\": \"application/json\", \"accept-encoding\": \"gzip\"")
                .getBytes(StandardCharsets.UTF_8);
        for (int kind = 0; kind < 3; kind++) {
            boolean chunked = kind > 0;
            boolean compressed = kind == 2;
            FixedResponseServer app = chunked ? FixedResponseServer.startChunked(bigBody, "text/plain", 16 * 1024)
                    : FixedResponseServer.start(bigBody, "text/plain");
            Map<String, String> env = new java.util.HashMap<>(adapterEnv);
            if (compressed) {
                env.put("AWS_LWA_ENABLE_COMPRESSION", "true");
            }
            try (Run run = Run.start(launcher, 128, 1, app, env)) {
                for (int i = 0; i < large; i++) {
                    InvocationResult r = run.emu().invoke(compressed ? gzipEvent : smallEvent);
                    check(r, "5.9 MB response " + i, run);
                    if (compressed ? !r.bodyAsString().contains("\"content-encoding\":\"gzip\"") : r.body().length < BIG) {
                        throw new IllegalStateException("the answer lost its body: " + r);
                    }
                }
                ProcStatus after = run.status();
                OUT.printf("| %d responses of %.1f MB%s, 128 MB function | peak %s MiB, %s MiB after |%n", large, BIG / 1e6,
                        compressed ? ", chunked, with AWS_LWA_ENABLE_COMPRESSION (gzip)"
                                : chunked ? ", chunked (16 KiB chunks, no Content-Length)" : "", after.hwmMib(), after.rssMib());
            }
        }

        byte[] document = Events.jsonDocument(BIG).getBytes(StandardCharsets.UTF_8); // compact, as frameworks send JSON
        try (Run run = Run.start(launcher, 128, 1, document, "application/json", adapterEnv)) {
            byte[] sqs = Events.event(Events.Kind.SQS, Events.SMALL_BODY);
            for (int i = 0; i < large; i++) {
                InvocationResult r = run.emu().invoke(sqs);
                check(r, "5.9 MB pass-through answer " + i, run);
                if (r.body().length != document.length) {
                    throw new IllegalStateException("the answer lost its body: " + r);
                }
            }
            ProcStatus after = run.status();
            OUT.printf("| %d pass-through (SQS) answers of %.1f MB of compact JSON, 128 MB function | peak %s MiB, %s MiB after |%n",
                    large, document.length / 1e6, after.hwmMib(), after.rssMib());
        }

        try (Run run = Run.start(launcher, 2048, 16, Events.jsonBody(Events.SMALL_BODY), "application/json")) {
            byte[] event = postEvent(BIG);
            int ok = 0;
            int errors = 0;
            int lost = 0;
            List<String> errorTypes = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                List<CompletableFuture<InvocationResult>> futures = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    futures.add(run.emu().invokeAsync(Invoke.of(event).timeout(Duration.ofSeconds(60))));
                }
                for (CompletableFuture<InvocationResult> f : futures) {
                    InvocationResult r = f.get(120, TimeUnit.SECONDS);
                    switch (r.kind()) {
                        case RESPONSE -> ok++;
                        case ERROR -> {
                            errors++;
                            errorTypes.add(r.errorType().orElse("?"));
                        }
                        case TIMEOUT -> lost++;
                    }
                }
            }
            boolean serving = run.emu().invoke(Invoke.of(smallEvent).timeout(Duration.ofSeconds(30))).isResponse()
                    && run.adapter().isAlive();
            ProcStatus s = run.status();
            OUT.printf("| 16 concurrent %.1f MB events × 4 rounds, 2048 MB function | %d answered, %d errors%s, %d lost, %s; peak RSS %s MiB |%n",
                    event.length / 1e6, ok, errors, errorTypes.isEmpty() ? "" : " " + errorTypes, lost,
                    serving ? "still serving" : "NOT serving", s.hwmMib());
        }
    }

    private static void check(InvocationResult r, String what, Run run) throws IOException {
        if (!r.isResponse()) {
            throw new IllegalStateException(what + " failed: " + r + " " + r.bodyAsString() + "\nadapter log:\n"
                    + EndToEnd.tail(run.log()));
        }
    }
}
