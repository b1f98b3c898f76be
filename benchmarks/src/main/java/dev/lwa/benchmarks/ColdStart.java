package dev.lwa.benchmarks;

import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.LambdaEmulator;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Cold start and memory of the layer as shipped, against the same launcher on a plain JDK and on
 * the bundled runtime without its AOT cache, so the gain of each step shows (docs/performance.md,
 * section "Cold start and memory of the layer"). Budgets: exec → first {@code /next}
 * ≤ 180 ms (median of 10 launches, app already listening), adapter RSS ≤ 48 MiB after 10,000
 * invocations, layer zip ≤ 30 MB; and an app that needs 1 s to listen must not start later
 * because of the adapter.
 *
 * <p>Each launch runs {@code layer/extensions/lambda-adapter} as Lambda would, against a fresh
 * emulator, and times from just before {@code exec} to the emulator seeing the extension register
 * and the first {@code /next} parked. The variants differ only in what the launcher's two debug
 * hooks set: {@code LWA_JAVA} (another Java, no AOT cache) and {@code LWA_JAVA_OPTS}. Launches are
 * interleaved round-robin across the variants, after one untimed launch of each.
 */
public final class ColdStart {
    private static final PrintStream LOG = System.err;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final long BUDGET_FIRST_NEXT_MS = 180;
    static final double BUDGET_RSS_MIB = 48;
    static final double BUDGET_ZIP_MB = 30;

    /** One way of starting the launcher: the extra environment that selects it. */
    record Variant(String name, Map<String, String> env) {
    }

    /** One launch: exec → registered, exec → first /next (ns), and the adapter at first /next. */
    record Launch(long registered, long firstNext, ProcStatus atFirstNext) {
    }

    /** The slow-app case: when the app listened and when the adapter first polled, both from exec (ns). */
    record LateLaunch(long listening, long firstNext) {
        long added() {
            return firstNext - listening;
        }
    }

    /** Memory and CPU after the soak. */
    record Soak(int invocations, ProcStatus before, ProcStatus after) {
    }

    record Options(Path layer, Optional<Path> doc, int launches, int soak, long lateMs) {
        static Options parse(String[] args) {
            Path layer = Path.of("bootstrap/target/layer");
            Optional<Path> doc = Files.exists(Path.of("docs")) ? Optional.of(Path.of("docs/performance.md")) : Optional.empty();
            int launches = 10;
            int soak = 10_000;
            long lateMs = 1000;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String v = i + 1 < args.length ? args[i + 1] : "";
                switch (a) {
                    case "--layer" -> layer = Path.of(v);
                    case "--doc" -> doc = v.equals("none") ? Optional.empty() : Optional.of(Path.of(v));
                    case "--launches" -> launches = Integer.parseInt(v);
                    case "--soak" -> soak = Integer.parseInt(v);
                    case "--late-ms" -> lateMs = Long.parseLong(v);
                    default -> throw new IllegalArgumentException("unknown option " + a + "\n" + usage());
                }
                i++;
            }
            if (launches < 1 || soak < 0 || lateMs < 0) {
                throw new IllegalArgumentException("--launches must be at least 1, --soak and --late-ms at least 0");
            }
            return new Options(layer, doc, launches, soak, lateMs);
        }
    }

    static String usage() {
        return """
                usage: java -cp benchmarks/target/lwa-benchmarks.jar dev.lwa.benchmarks.ColdStart
                         [--layer bootstrap/target/layer] [--doc docs/performance.md|none]
                         [--launches 10] [--soak 10000] [--late-ms 1000]""";
    }

    private ColdStart() {
    }

    public static void main(String[] args) throws Exception {
        Options o = Cli.parseOrExit(args, Options::parse);
        Path launcher = o.layer().resolve("extensions/lambda-adapter");
        if (!Files.isExecutable(launcher)) {
            LOG.println("no launcher at " + launcher.toAbsolutePath() + ": build the layer first with `mvn -B -DskipTests package`");
            System.exit(2);
            return;
        }
        Machine machine = Machine.current();
        LOG.println(machine.markdown());
        Path work = Files.createTempDirectory("lwa-coldstart-");
        List<Variant> variants = List.of(
                new Variant("build JDK, no jlink, no AOT cache",
                        Map.of("LWA_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString())),
                new Variant("jlink runtime, no AOT cache", Map.of("LWA_JAVA_OPTS", "-XX:AOTMode=off")),
                new Variant("jlink runtime + AOT cache (as shipped)", Map.of()));
        byte[] event = Events.event(Events.Kind.HTTP_V2, Events.SMALL_BODY);
        Map<Variant, List<Launch>> launches = new LinkedHashMap<>();
        Map<Variant, Soak> soaks = new LinkedHashMap<>();
        List<LateLaunch> late = new ArrayList<>();
        try (FixedResponseServer app = FixedResponseServer.start(Events.jsonBody(Events.SMALL_BODY), "application/json")) {
            variants.forEach(v -> launches.put(v, new ArrayList<>()));
            for (Variant v : variants) {
                launch(launcher, v, app.port(), work.resolve("warmup.log"));
            }
            for (int i = 0; i < o.launches(); i++) {
                LOG.println("launch round " + (i + 1) + "/" + o.launches());
                for (int k = 0; k < variants.size(); k++) {
                    Variant v = variants.get((i + k) % variants.size()); // rotate who goes first
                    launches.get(v).add(launch(launcher, v, app.port(), work.resolve("launch.log")));
                }
            }
            if (o.soak() > 0) {
                for (Variant v : variants) {
                    LOG.println("soak: " + o.soak() + " invocations, " + v.name());
                    soaks.put(v, soak(launcher, v, app.port(), event, o.soak(), work.resolve("soak.log")));
                }
            }
        }
        if (o.lateMs() > 0) {
            Variant shipped = variants.getLast();
            for (int i = 0; i < o.launches(); i++) {
                LOG.println("late app " + (i + 1) + "/" + o.launches());
                late.add(lateApp(launcher, shipped, o.lateMs(), work.resolve("late.log")));
            }
        }
        String report = report(machine, o, launches, soaks, late);
        System.out.println(report);
        if (o.doc().isPresent()) {
            DocBlock.write(o.doc().get(), "cold-start", report);
            LOG.println("wrote the cold-start section of " + o.doc().get());
        }
    }

    // ---- measurements --------------------------------------------------------------------------

    static Launch launch(Path launcher, Variant v, int appPort, Path log) throws Exception {
        try (LambdaEmulator emu = emulator()) {
            AtomicLong registered = new AtomicLong(-1);
            Thread watcher = Thread.ofPlatform().name("register-watch").start(() -> {
                if (emu.awaitExtensions(1, TIMEOUT)) {
                    registered.set(System.nanoTime());
                }
            });
            ProcessBuilder pb = builder(launcher, emu, v, Map.of("AWS_LWA_PORT", Integer.toString(appPort)), log);
            long t0 = System.nanoTime();
            Process p = pb.start();
            try {
                boolean parked = emu.awaitParkedPollers(1, TIMEOUT);
                long firstNext = System.nanoTime() - t0;
                if (!parked) {
                    throw new IllegalStateException(v.name() + ": no /next within " + TIMEOUT.toSeconds() + " s; log:\n" + tail(log));
                }
                watcher.join();
                return new Launch(registered.get() < 0 ? -1 : registered.get() - t0, firstNext, ProcStatus.of(p.toHandle()));
            } finally {
                stop(p);
                watcher.interrupt();
            }
        }
    }

    static Soak soak(Path launcher, Variant v, int appPort, byte[] event, int n, Path log) throws Exception {
        try (LambdaEmulator emu = emulator()) {
            Process p = builder(launcher, emu, v, Map.of("AWS_LWA_PORT", Integer.toString(appPort)), log).start();
            try {
                if (!emu.awaitParkedPollers(1, TIMEOUT)) {
                    throw new IllegalStateException(v.name() + ": no /next; log:\n" + tail(log));
                }
                ProcStatus before = ProcStatus.of(p.toHandle());
                for (int i = 0; i < n; i++) {
                    InvocationResult r = emu.invoke(event);
                    if (!r.isResponse()) {
                        throw new IllegalStateException(v.name() + ": invocation " + i + " failed: " + r + "\n" + tail(log));
                    }
                }
                // Read once the adapter is idle again, as Lambda would freeze it.
                emu.awaitParkedPollers(1, TIMEOUT);
                return new Soak(n, before, ProcStatus.of(p.toHandle()));
            } finally {
                stop(p);
            }
        }
    }

    /**
     * The adapter and an app that binds its port {@code lateMs} after the exec, as an app with a slow
     * start would; both clocks start at the exec.
     */
    static LateLaunch lateApp(Path launcher, Variant v, long lateMs, Path log) throws Exception {
        return lateApp(launcher, v, freePort(), lateMs, log);
    }

    /** As {@link #lateApp(Path, Variant, long, Path)}, the app on {@code port} (a test passes a port it holds). */
    static LateLaunch lateApp(Path launcher, Variant v, int port, long lateMs, Path log) throws Exception {
        try (LambdaEmulator emu = emulator()) {
            ProcessBuilder pb = builder(launcher, emu, v, Map.of("AWS_LWA_PORT", Integer.toString(port)), log);
            AtomicReference<FixedResponseServer> app = new AtomicReference<>();
            AtomicLong listening = new AtomicLong(-1);
            long t0 = System.nanoTime();
            Process p = pb.start();
            Thread starter = Thread.ofPlatform().name("late-app").start(() -> {
                try {
                    long wait = t0 + TimeUnit.MILLISECONDS.toNanos(lateMs) - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    app.set(FixedResponseServer.start(port, Events.jsonBody(Events.SMALL_BODY), "application/json"));
                    listening.set(System.nanoTime() - t0);
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException("the late app could not start on " + port, e);
                }
            });
            try {
                boolean parked = emu.awaitParkedPollers(1, TIMEOUT.plusMillis(lateMs));
                long firstNext = System.nanoTime() - t0;
                starter.join();
                if (!parked || listening.get() < 0) {
                    throw new IllegalStateException("late app: no /next or no app; log:\n" + tail(log));
                }
                return new LateLaunch(listening.get(), firstNext);
            } finally {
                stop(p);
                if (app.get() != null) {
                    app.get().close();
                }
            }
        }
    }

    // ---- report --------------------------------------------------------------------------------

    static String report(Machine machine, Options o, Map<Variant, List<Launch>> launches, Map<Variant, Soak> soaks,
                         List<LateLaunch> late) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("### Cold start and memory of the layer (`ColdStart`)\n\n");
        sb.append(machine.markdown()).append(" Layer: `").append(o.layer()).append("`.\n\n");
        sb.append("Each launch: the layer's `extensions/lambda-adapter` against a fresh emulator, the app (`FixedResponseServer`) ")
                .append("already listening; times from just before `exec`. Medians (min–max) of ").append(o.launches())
                .append(" launches per row, interleaved round-robin, after one untimed launch each. ")
                .append("Memory: VmRSS of the adapter at its first `/next`, and after ").append(o.soak())
                .append(" invocations (HTTP API v2 event, 64-byte bodies) with VmHWM, its peak.\n\n");
        sb.append("| runtime | exec → registered, ms | **exec → first `/next`, ms** | RSS at first `/next`, MiB | CPU to first `/next`, ms | RSS after ")
                .append(o.soak()).append(" invocations, MiB | peak RSS, MiB |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<Variant, List<Launch>> e : launches.entrySet()) {
            List<Launch> ls = e.getValue();
            Stats reg = Stats.of(ls.stream().mapToLong(Launch::registered).toArray());
            Stats next = Stats.of(ls.stream().mapToLong(Launch::firstNext).toArray());
            Stats rss = Stats.of(ls.stream().mapToLong(l -> l.atFirstNext().rssKib()).toArray());
            Stats cpu = Stats.of(ls.stream().mapToLong(l -> l.atFirstNext().cpu().toNanos()).toArray());
            Soak s = soaks.get(e.getKey());
            sb.append("| ").append(e.getKey().name()).append(" | ").append(range(reg)).append(" | **")
                    .append(Stats.millis(next.p50())).append("** (").append(Stats.millis(next.min())).append("–")
                    .append(Stats.millis(next.max())).append(") | ").append(mib(rss.p50())).append(" | ")
                    .append(Stats.millis(cpu.p50())).append(" | ")
                    .append(s == null ? "–" : s.after().rssMib()).append(" | ")
                    .append(s == null ? "–" : s.after().hwmMib()).append(" |\n");
        }
        sb.append('\n');
        List<Launch> shipped = launches.get(launches.keySet().stream().toList().getLast());
        long firstNext = Stats.of(shipped.stream().mapToLong(Launch::firstNext).toArray()).p50();
        Soak shippedSoak = soaks.get(launches.keySet().stream().toList().getLast());
        Optional<Path> zip = layerZip(o.layer());
        sb.append("| budget | measured | met |\n|---|---:|:-:|\n");
        sb.append("| exec → first `/next` ≤ ").append(BUDGET_FIRST_NEXT_MS).append(" ms (median, as shipped) | ")
                .append(Stats.millis(firstNext)).append(" ms | ").append(yes(firstNext <= BUDGET_FIRST_NEXT_MS * 1_000_000)).append(" |\n");
        if (shippedSoak != null) {
            double rssMib = shippedSoak.after().rssKib() / 1024.0;
            sb.append("| adapter RSS ≤ ").append((int) BUDGET_RSS_MIB).append(" MiB after ").append(shippedSoak.invocations())
                    .append(" invocations | ").append(shippedSoak.after().rssMib()).append(" MiB | ")
                    .append(yes(rssMib <= BUDGET_RSS_MIB)).append(" |\n");
        }
        if (zip.isPresent()) {
            double mb = Files.size(zip.get()) / 1e6;
            sb.append("| layer zip ≤ ").append((int) BUDGET_ZIP_MB).append(" MB (`").append(zip.get().getFileName())
                    .append("`) | ").append(String.format(Locale.ROOT, "%.1f MB", mb)).append(" | ")
                    .append(yes(mb <= BUDGET_ZIP_MB)).append(" |\n");
        }
        sb.append('\n').append(sizes(o.layer()));
        if (!late.isEmpty()) {
            Stats listen = Stats.of(late.stream().mapToLong(LateLaunch::listening).toArray());
            Stats next = Stats.of(late.stream().mapToLong(LateLaunch::firstNext).toArray());
            Stats added = Stats.of(late.stream().mapToLong(LateLaunch::added).toArray());
            sb.append("\nAn app that needs ").append(o.lateMs()).append(" ms to listen (it binds its port ")
                    .append(o.lateMs()).append(" ms after the adapter's `exec`), ").append(late.size())
                    .append(" launches of the layer as shipped:\n\n");
            sb.append("| exec → app listening, ms | exec → first `/next`, ms | first `/next` − app listening, ms: median (min–max) |\n");
            sb.append("|---:|---:|---:|\n");
            sb.append("| ").append(Stats.millis(listen.p50())).append(" | ").append(Stats.millis(next.p50())).append(" | ")
                    .append(Stats.millis(added.p50())).append(" (").append(Stats.millis(added.min())).append("–")
                    .append(Stats.millis(added.max())).append(") |\n");
            sb.append("\nThe adapter is up and probing long before the app listens; what it adds is the rest of the ")
                    .append("10 ms probe interval, one HTTP probe and the first `/next`.\n");
        }
        return sb.toString();
    }

    private static String sizes(Path layer) throws IOException {
        if (!Files.isDirectory(layer)) {
            return "";
        }
        StringBuilder sb = new StringBuilder("| layer part | on disk, MB |\n|---|---:|\n");
        for (String part : List.of("lwa/runtime", "lwa/lwa.aot", "lwa/lib")) {
            Path p = layer.resolve(part);
            if (Files.exists(p)) {
                sb.append("| `").append(part).append("` | ").append(String.format(Locale.ROOT, "%.1f", du(p) / 1e6)).append(" |\n");
            }
        }
        sb.append("| whole tree | ").append(String.format(Locale.ROOT, "%.1f", du(layer) / 1e6)).append(" |\n");
        return sb.toString();
    }

    private static long du(Path p) throws IOException {
        try (Stream<Path> all = Files.walk(p)) {
            return all.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }

    static Optional<Path> layerZip(Path layer) throws IOException {
        Path dir = layer.toAbsolutePath().getParent();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("lwa-layer-.*\\.zip")).sorted().findFirst();
        }
    }

    private static String range(Stats s) {
        return Stats.millis(s.p50()) + " (" + Stats.millis(s.min()) + "–" + Stats.millis(s.max()) + ")";
    }

    private static String mib(long kib) {
        return String.format(Locale.ROOT, "%.1f", kib / 1024.0);
    }

    private static String yes(boolean met) {
        return met ? "yes" : "**no**";
    }

    // ---- processes -----------------------------------------------------------------------------

    private static LambdaEmulator emulator() throws IOException {
        return LambdaEmulator.builder().port(0).concurrency(1).functionTimeout(Duration.ofSeconds(30)).start();
    }

    /** The launcher with Lambda's environment for this emulator and nothing of the harness's own. */
    private static ProcessBuilder builder(Path launcher, LambdaEmulator emu, Variant v, Map<String, String> extra, Path log) {
        Map<String, String> env = new HashMap<>(emu.extensionEnvironment());
        env.put("PATH", Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin"));
        env.putAll(extra);
        env.putAll(v.env());
        ProcessBuilder pb = new ProcessBuilder(launcher.toString());
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        return pb;
    }

    /** SIGTERM, as Lambda does at shutdown; SIGKILL if it has not exited 5 s later. */
    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}
