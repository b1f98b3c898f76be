package dev.lwa.bootstrap;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.Decoder;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import com.aayushatharva.brotli4j.decoder.DirectDecompress;
import com.sun.net.httpserver.HttpServer;
import dev.lwa.emulator.InvocationResult;
import jakarta.json.JsonObject;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged layer as users get it (docs/distribution.md): the tree works wherever it is copied, with its own
 * runtime and its AOT cache; the zip unpacks to the same tree with the launchers executable; a cache
 * the JVM cannot use costs start-up time but never the function; and brotli's native library loads
 * on the bundled runtime. Runs after {@code package} (failsafe).
 */
class LayerDistributionIT {
    private static final String BODY = "hello from the app, long enough to be worth compressing: "
            + "the quick brown fox jumps over the lazy dog, twice; the quick brown fox jumps over the lazy dog\n";

    @TempDir
    Path temp;

    @Test
    void aCopyOfTheTreeServesOnItsOwnRuntimeWithItsAotCache() throws Exception {
        Path copy = temp.resolve("somewhere/else/opt");
        LayerRun.copyTree(LayerRun.LAYER, copy);
        // AOTMode=on: the JVM refuses to start unless it can use the cache, so serving proves it loaded
        // from the copy (its class path and runtime now live elsewhere).
        assertServes(copy, Map.of("LWA_JAVA_OPTS", "-XX:AOTMode=on"), run -> {
            assertEquals(copy.resolve("lwa/runtime/bin/java").toRealPath(), run.executable(),
                    "the launcher must run the bundled runtime, never a system java");
            assertFalse(Files.readString(run.log).contains("[aot]"), run.log());
        });
    }

    @Test
    void theZipUnpacksToTheSameTreeWithExecutableLaunchers() throws Exception {
        Path zip = LayerRun.layerZip();
        Map<String, String> tree = LayerRun.describeTree(LayerRun.LAYER);
        Map<String, String> zipped = new TreeMap<>();
        Path unpacked = temp.resolve("opt");
        try (ZipFile z = ZipFile.builder().setPath(zip).get()) {
            for (ZipArchiveEntry e : Collections.list(z.getEntries())) {
                if (e.isDirectory()) {
                    continue;
                }
                zipped.put(e.getName(), LayerRun.describe(e.getSize(), e.getCrc(), (e.getUnixMode() & 0100) != 0));
                Path target = unpacked.resolve(e.getName());
                Files.createDirectories(target.getParent());
                try (InputStream in = z.getInputStream(e)) {
                    Files.copy(in, target);
                }
                Files.setPosixFilePermissions(target, permissions(e.getUnixMode()));
            }
        }
        assertEquals(tree, zipped, "the zip must hold exactly the layer tree, with the same executable bits");
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(unpacked.resolve("extensions/lambda-adapter"))));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(unpacked.resolve("bootstrap"))));
        assertTrue(Files.size(zip) <= 30_000_000L, "layer zip budget is 30 MB, the zip has " + Files.size(zip) + " bytes");

        assertServes(unpacked, Map.of("LWA_JAVA_OPTS", "-XX:AOTMode=on"),
                run -> assertEquals(unpacked.resolve("lwa/runtime/bin/java").toRealPath(), run.executable()));
    }

    @Test
    void theLayerCarriesNeitherLocalModeNorTheEmulator() throws Exception {
        // The zip and the image hold exactly this tree (checked above and by LayerImageIT).
        List<Path> jars;
        try (Stream<Path> files = Files.walk(LayerRun.LAYER)) {
            jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
        assertTrue(jars.contains(LayerRun.LAYER.resolve("lwa/lib/lwa-bootstrap.jar")), jars::toString);
        for (Path jar : jars) {
            String name = jar.getFileName().toString();
            assertFalse(name.matches(".*(emulator|jetty|yasson|json\\.bind|slf4j).*"),
                    () -> "a jar of local mode's in the layer: " + jar);
            try (JarFile j = new JarFile(jar.toFile())) {
                List<String> local = j.stream().map(ZipEntry::getName)
                        .filter(e -> e.startsWith("dev/lwa/bootstrap/local/") || e.startsWith("dev/lwa/emulator/")).toList();
                assertEquals(List.of(), local, () -> jar + " carries local mode's classes");
            }
        }
    }

    @Test
    void anUnusableAotCacheSlowsTheStartButNeverStopsIt() throws Exception {
        Path copy = temp.resolve("opt");
        LayerRun.copyTree(LayerRun.LAYER, copy);
        Files.write(copy.resolve("lwa/lwa.aot"), "not an AOT cache".getBytes(StandardCharsets.UTF_8));
        assertServes(copy, Map.of(), run -> assertTrue(Files.readString(run.log).contains("[aot]"),
                "the JVM should say that it could not use the cache\n" + run.log()));
    }

    @Test
    void javaOptionsMeantForTheAppDoNotReachTheAdapter() throws Exception {
        // A cache refuses a JVM with compact headers, and AOTMode=on refuses to start without the cache:
        // the adapter serves only if the function's JAVA_TOOL_OPTIONS and JDK_JAVA_OPTIONS were ignored.
        assertServes(LayerRun.LAYER, Map.of("LWA_JAVA_OPTS", "-XX:AOTMode=on",
                "JAVA_TOOL_OPTIONS", "-XX:+UseCompactObjectHeaders", "JDK_JAVA_OPTIONS", "-XX:+UseCompactObjectHeaders"),
                run -> assertFalse(Files.readString(run.log).contains("Picked up"), run.log()));
    }

    @Test
    void lwaJavaRunsAnotherJavaWithoutTheCacheForDebugging() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java").toRealPath();
        assertServes(LayerRun.LAYER, Map.of("LWA_JAVA", java.toString()), run -> {
            assertEquals(java, run.executable());
            // the cache fits only the bundled runtime: passing it to another JDK would print [aot] errors
            assertFalse(Files.readString(run.log).contains("[aot]"), run.log());
        });
    }

    @ParameterizedTest(name = "{0} MB, concurrency ''{1}'' -> {2} {3} {4}")
    @CsvSource({"1024,'',-Xmx28m,-Xmn1m,-Xms8m", "1024,abc,-Xmx28m,-Xmn1m,-Xms8m", "1024,+5,-Xmx108m,-Xmn5m,-Xms20m",
            "4096,1600,-Xmx1638m,-Xmn409m,-Xms1636m", "4096,99999999999,-Xmx1638m,-Xmn409m,-Xms1636m",
            "128,4,-Xmx51m,-Xmn4m,-Xms16m", "32,1,-Xmx16m,-Xmn1m,-Xms8m", "2048,16,-Xmx328m,-Xmn16m,-Xms64m",
            "128,1,-Xmx28m,-Xmn1m,-Xms8m",
            // decimal, as the adapter reads them, not the shell's octal: 00 is 0 (so 1), 08 is 8, 010 is 10
            "0128,04,-Xmx51m,-Xmn4m,-Xms16m", "1024,00,-Xmx28m,-Xmn1m,-Xms8m", "1024,08,-Xmx168m,-Xmn8m,-Xms32m",
            "1024,010,-Xmx208m,-Xmn10m,-Xms40m"})
    void theHeapIsSizedFromTheFunctionsMemoryAndConcurrency(String memoryMb, String concurrency, String xmx,
                                                            String xmn, String xms) throws Exception {
        // 8 MiB plus 20 per invocation at once (read as the adapter reads AWS_LAMBDA_MAX_CONCURRENCY:
        // a leading +, at most 1600), at most 40 % of the function's memory, from 16 MiB to 4 GiB;
        // 1 MiB of young generation per invocation at once, at most a quarter of the heap, and an
        // initial heap of at least four times that
        Path args = temp.resolve("args");
        Path java = temp.resolve("java");
        Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + args + "'\n");
        Files.setPosixFilePermissions(java, permissions(0755));
        launch(Map.of("LWA_JAVA", java.toString(), "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", memoryMb,
                "AWS_LAMBDA_MAX_CONCURRENCY", concurrency));
        List<String> jvmArgs = Files.readAllLines(args);
        assertEquals(List.of(xmx), jvmArgs.stream().filter(a -> a.startsWith("-Xmx")).toList(), jvmArgs::toString);
        assertEquals(List.of(xmn), jvmArgs.stream().filter(a -> a.startsWith("-Xmn")).toList(), jvmArgs::toString);
        assertEquals(List.of(xms), jvmArgs.stream().filter(a -> a.startsWith("-Xms")).toList(), jvmArgs::toString);

        // and the bundled runtime starts with these sizes and its AOT cache (AOTMode=on: it refuses
        // to start without the cache; a young generation too large for the initial heap once made
        // the cache's archived objects unloadable, and the JVM exited at once)
        String jvmOutput = launch(Map.of("LWA_JAVA_OPTS", "-XX:AOTMode=on -version",
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", memoryMb, "AWS_LAMBDA_MAX_CONCURRENCY", concurrency));
        assertFalse(jvmOutput.contains("[aot"), jvmOutput);
        assertFalse(jvmOutput.contains("warning"), jvmOutput);
    }

    @ParameterizedTest(name = "AWS_LAMBDA_INITIALIZATION_TYPE ''{0}'' -> TieredStopAtLevel {1}")
    @CsvSource({"lambda-managed-instances,4", "on-demand,1", "provisioned-concurrency,1", "snap-start,1", "'',1"})
    void c2CompilesOnlyOnManagedInstances(String initType, int level) throws Exception {
        // Managed Instances start their environments before traffic and scale on CPU use: C2 pays
        // there; everywhere else a cold start is on a request's path and C1 alone runs. What the
        // bundled runtime itself ends up with, and it still starts with its AOT cache.
        String jvmOutput = launch(Map.of("LWA_JAVA_OPTS", "-XX:AOTMode=on -XX:+PrintFlagsFinal -version",
                "AWS_LAMBDA_INITIALIZATION_TYPE", initType, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "2048",
                "AWS_LAMBDA_MAX_CONCURRENCY", "16"));
        List<String> tier = jvmOutput.lines().filter(l -> l.contains(" TieredStopAtLevel ")).toList();
        assertEquals(1, tier.size(), jvmOutput);
        assertEquals(List.of("intx", "TieredStopAtLevel", "=", Integer.toString(level)),
                List.of(tier.getFirst().trim().split("\\s+")).subList(0, 4), tier::toString);
        assertFalse(jvmOutput.contains("[aot"), jvmOutput);
        assertFalse(jvmOutput.contains("warning"), jvmOutput);
    }

    @Test
    void eventsThatDoNotFitTheHeapAreAnsweredNotLost() throws Exception {
        // 128 MB and 16 at once: the launcher's heap (~51 MB) cannot hold 16 events of 5 MB. Each
        // event waits for room before it is read (its length is in /next's head), so none runs the
        // heap out; one whose deadline came first would be answered lwa.Overloaded, none is lost.
        HttpServer app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        app.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        app.createContext("/", exchange -> {
            try (exchange) {
                long n = exchange.getRequestBody().transferTo(java.io.OutputStream.nullOutputStream());
                byte[] body = Long.toString(n).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        app.start();
        byte[] big = ("{\"version\":\"2.0\",\"routeKey\":\"$default\",\"rawPath\":\"/big\",\"rawQueryString\":\"\","
                + "\"headers\":{\"content-type\":\"text/plain\"},\"requestContext\":{\"http\":{\"method\":\"POST\",\"path\":\"/big\"}},"
                + "\"body\":\"" + "a".repeat(5_000_000) + "\",\"isBase64Encoded\":false}").getBytes(StandardCharsets.UTF_8);
        try (LayerRun run = LayerRun.start(LayerRun.LAYER, Map.of("AWS_LWA_PORT", Integer.toString(app.getAddress().getPort()),
                "AWS_LWA_READINESS_CHECK_PROTOCOL", "tcp", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"), temp, 16)) {
            assertTrue(run.emulator.awaitParkedPollers(16, Duration.ofSeconds(20)), run.log());
            List<CompletableFuture<InvocationResult>> results = new ArrayList<>();
            try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 32; i++) {
                    results.add(CompletableFuture.supplyAsync(() -> run.emulator.invoke(big), callers));
                }
                int answered = 0;
                for (CompletableFuture<InvocationResult> f : results) {
                    InvocationResult r = f.get(120, TimeUnit.SECONDS);
                    assertTrue(r.isResponse() || r.errorType().orElse("").equals("lwa.Overloaded"),
                            () -> "answered, or refused for memory, not lost: " + r + "\n" + run.log());
                    answered += r.isResponse() ? 1 : 0;
                }
                assertTrue(answered > 0, run::log);
                assertFalse(run.log().contains("did not fit") || run.log().contains("ran out of memory"),
                        () -> "events wait for room unread, before they are in the heap: " + run.log());
            }
            InvocationResult after = run.emulator.invoke(LayerRun.httpApiGet("/small", Map.of()));
            assertTrue(after.isResponse(), () -> "still serving: " + after + "\n" + run.log());
        } finally {
            app.stop(0);
        }
    }

    @Test
    void onManagedInstancesTheLayerServesInvocationsAtOnceWithC2() throws Exception {
        // The app answers only once all four requests are inside it, so four answers mean four
        // invocations were forwarded at once, by the shipped launcher running its JVM with C2.
        int n = 4;
        CountDownLatch inside = new CountDownLatch(n);
        HttpServer app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        app.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        app.createContext("/", exchange -> { // the readiness check: it must not count
            try (exchange) {
                exchange.sendResponseHeaders(204, -1);
            }
        });
        app.createContext("/mi", exchange -> {
            try (exchange) {
                inside.countDown();
                boolean all = inside.await(20, TimeUnit.SECONDS);
                byte[] body = (all ? "together" : "alone").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        app.start();
        try (LayerRun run = LayerRun.start(LayerRun.LAYER, Map.of("AWS_LWA_PORT", Integer.toString(app.getAddress().getPort()),
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "2048"), temp, n)) {
            assertTrue(run.emulator.awaitParkedPollers(n, Duration.ofSeconds(20)), run.log());
            List<String> jvm = run.commandLine();
            assertEquals("-XX:TieredStopAtLevel=4", jvm.stream().filter(a -> a.startsWith("-XX:TieredStopAtLevel=")).toList().getLast(),
                    jvm::toString);
            List<CompletableFuture<InvocationResult>> results = new ArrayList<>();
            try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < n; i++) {
                    results.add(CompletableFuture.supplyAsync(() -> run.emulator.invoke(LayerRun.httpApiGet("/mi", Map.of())), callers));
                }
                for (CompletableFuture<InvocationResult> f : results) {
                    InvocationResult r = f.get(60, TimeUnit.SECONDS);
                    assertTrue(r.isResponse(), () -> r + "\n" + run.log());
                    assertEquals("together", LayerRun.envelope(r).getString("body"), run::log);
                }
            }
        } finally {
            app.stop(0);
        }
    }

    /** Runs the layer's launcher with {@code env} added to this process's, expects exit 0, returns its output. */
    private static String launch(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(LayerRun.LAYER.resolve("extensions/lambda-adapter").toString());
        pb.environment().putAll(env);
        Process launcher = pb.redirectErrorStream(true).start();
        String output = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(launcher.waitFor(60, TimeUnit.SECONDS), output);
        assertEquals(0, launcher.exitValue(), output);
        return output;
    }

    @Test
    void brotliLoadsOnTheBundledRuntime() throws Exception {
        HttpServer app = LayerRun.textApp(BODY);
        try (LayerRun run = LayerRun.start(LayerRun.LAYER, Map.of("AWS_LWA_PORT", Integer.toString(app.getAddress().getPort()),
                "AWS_LWA_ENABLE_COMPRESSION", "true"), temp)) {
            assertTrue(run.awaitPolling(), run.log());
            InvocationResult r = run.emulator.invoke(LayerRun.httpApiGet("/br", Map.of("accept-encoding", "br")));
            assertTrue(r.isResponse(), () -> r + "\n" + run.log());
            JsonObject envelope = LayerRun.envelope(r);
            assertEquals("br", envelope.getJsonObject("headers").getString("content-encoding"), () -> envelope + "\n" + run.log());
            assertTrue(envelope.getBoolean("isBase64Encoded"));
            Brotli4jLoader.ensureAvailability();
            DirectDecompress decoded = Decoder.decompress(Base64.getDecoder().decode(envelope.getString("body")));
            assertEquals(DecoderJNI.Status.DONE, decoded.getResultStatus());
            assertArrayEquals(BODY.getBytes(StandardCharsets.UTF_8), decoded.getDecompressedData());
            assertFalse(Files.readString(run.log).contains("brotli is unavailable"), run.log());
        } finally {
            app.stop(0);
        }
    }

    /** What a check of the started launcher may assert on top of "it served". */
    interface RunCheck {
        void check(LayerRun run) throws Exception;
    }

    /** Starts the tree's launcher with an app and checks that one invocation comes back from the app. */
    private void assertServes(Path layer, Map<String, String> settings, RunCheck more) throws Exception {
        HttpServer app = LayerRun.textApp(BODY);
        Map<String, String> env = new java.util.HashMap<>(settings);
        env.put("AWS_LWA_PORT", Integer.toString(app.getAddress().getPort()));
        Path work = Files.createDirectories(temp.resolve("cwd"));
        try (LayerRun run = LayerRun.start(layer, env, work)) {
            assertTrue(run.awaitPolling(), run.log());
            InvocationResult r = run.emulator.invoke(LayerRun.httpApiGet("/hello", Map.of()));
            assertTrue(r.isResponse(), () -> r + "\n" + run.log());
            JsonObject envelope = LayerRun.envelope(r);
            assertEquals(200, envelope.getInt("statusCode"), run::log);
            assertEquals(BODY, envelope.getString("body"));
            more.check(run);
        } finally {
            app.stop(0);
        }
    }

    private static Set<PosixFilePermission> permissions(int unixMode) {
        StringBuilder s = new StringBuilder();
        String letters = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            s.append((unixMode & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-');
        }
        return PosixFilePermissions.fromString(s.toString());
    }
}
