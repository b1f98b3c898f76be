package dev.lwa.bootstrap;

import com.sun.net.httpserver.HttpServer;
import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.LambdaEmulator;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * A layer tree's launcher ({@code extensions/lambda-adapter}) started as Lambda starts it: with only
 * the emulator's environment plus the given settings, from another working directory, output to a
 * log file. For the distribution ITs, which run the packaged tree, copies of it and unzipped zips.
 */
final class LayerRun implements AutoCloseable {
    static final Path LAYER = Path.of(System.getProperty("lwa.test.layer", "target/layer")).toAbsolutePath();
    private static final JsonProvider JSON = JsonProvider.provider();

    final LambdaEmulator emulator;
    final Process process;
    final Path log;

    private LayerRun(LambdaEmulator emulator, Process process, Path log) {
        this.emulator = emulator;
        this.process = process;
        this.log = log;
    }

    /** The layer zip beside the tree ({@code lwa-layer-<arch>.zip}). */
    static Path layerZip() throws IOException {
        try (var files = Files.list(LAYER.getParent())) {
            return files.filter(f -> f.getFileName().toString().matches("lwa-layer-[a-z0-9_]+\\.zip")).findFirst()
                    .orElseThrow(() -> new AssertionError("no lwa-layer-<arch>.zip in " + LAYER.getParent() + ": run mvn package"));
        }
    }

    /** Starts {@code <layer>/extensions/lambda-adapter} and waits until it registered. */
    static LayerRun start(Path layer, Map<String, String> settings, Path workDir) throws IOException {
        return start(layer, settings, workDir, 1);
    }

    /**
     * As {@link #start(Path, Map, Path)} against an emulator that serves {@code concurrency}
     * invocations at once (above 1: Managed Instances, and the environment says so).
     */
    static LayerRun start(Path layer, Map<String, String> settings, Path workDir, int concurrency) throws IOException {
        LambdaEmulator emulator = LambdaEmulator.builder().port(0).concurrency(concurrency)
                .functionTimeout(Duration.ofSeconds(10)).start();
        Map<String, String> env = new HashMap<>(emulator.extensionEnvironment());
        env.put("PATH", Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin"));
        env.putAll(settings);
        Path log = Files.createTempFile(workDir, "adapter", ".log");
        ProcessBuilder pb = new ProcessBuilder(layer.resolve("extensions/lambda-adapter").toString())
                .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().clear(); // no JAVA_HOME, no LWA_JAVA: only what Lambda would give
        pb.environment().putAll(env);
        LayerRun run = new LayerRun(emulator, pb.start(), log);
        if (!emulator.awaitExtensions(1, Duration.ofSeconds(20))) {
            run.close();
            throw new AssertionError("the launcher never registered\n" + run.log());
        }
        return run;
    }

    boolean awaitPolling() {
        return emulator.awaitParkedPollers(1, Duration.ofSeconds(20));
    }

    String log() {
        try {
            return "adapter log " + log + ":\n" + Files.readString(log);
        } catch (IOException e) {
            return "no adapter log: " + e;
        }
    }

    /** The arguments of the running launcher process (after its exec, the JVM's). */
    List<String> commandLine() throws IOException {
        String raw = Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"), StandardCharsets.UTF_8);
        return List.of(raw.split("\0"));
    }

    /** The executable of the running launcher process (after its exec, the JVM's). */
    Path executable() throws IOException {
        return Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "exe"));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        emulator.close();
    }

    // ---- helpers shared by the distribution ITs -------------------------------------------------

    /** A JDK HTTP server on 127.0.0.1 that answers every request with {@code body} as text/plain. */
    static HttpServer textApp(String body) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().set("content-type", "text/plain; charset=utf-8");
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        });
        server.start();
        return server;
    }

    /** An API Gateway HTTP API (v2) GET event for {@code path} with these extra request headers. */
    static byte[] httpApiGet(String path, Map<String, String> headers) {
        StringBuilder h = new StringBuilder("\"host\":\"abc.execute-api.us-east-1.amazonaws.com\"");
        headers.forEach((k, v) -> h.append(",\"").append(k).append("\":\"").append(v).append('"'));
        return ("""
                {"version":"2.0","routeKey":"$default","rawPath":"%s","rawQueryString":"","headers":{%s},
                 "requestContext":{"accountId":"123456789012","apiId":"abc","domainName":"abc.execute-api.us-east-1.amazonaws.com",
                   "domainPrefix":"abc","http":{"method":"GET","path":"%s","protocol":"HTTP/1.1","sourceIp":"198.51.100.7",
                   "userAgent":"test"},"requestId":"r1","routeKey":"$default","stage":"$default",
                   "time":"25/Nov/2026:12:00:00 +0000","timeEpoch":1795608000000},
                 "isBase64Encoded":false}
                """).formatted(path, h, path).getBytes(StandardCharsets.UTF_8);
    }

    /** The result's body as the JSON envelope an HTTP trigger gets. */
    static JsonObject envelope(InvocationResult r) {
        return JSON.createReader(new ByteArrayInputStream(r.body())).readObject();
    }

    /** Copies a tree, keeping file modes (the launcher and the runtime's binaries must stay executable). */
    static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Relative path → size, CRC and executable bit of every file under {@code root}. */
    static Map<String, String> describeTree(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                CRC32 crc = new CRC32();
                crc.update(Files.readAllBytes(p));
                files.put(root.relativize(p).toString(), describe(Files.size(p), crc.getValue(),
                        Files.getPosixFilePermissions(p).contains(PosixFilePermission.OWNER_EXECUTE)));
            }
        }
        return files;
    }

    static String describe(long size, long crc, boolean executable) {
        return size + " bytes, crc " + Long.toHexString(crc) + (executable ? ", executable" : "");
    }
}
