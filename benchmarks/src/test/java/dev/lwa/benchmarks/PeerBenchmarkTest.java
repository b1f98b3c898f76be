package dev.lwa.benchmarks;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The peer benchmark's logic only: what it sends, how it checks answers, how it reports. It never runs Node here. */
class PeerBenchmarkTest {

    private static JsonObject json(byte[] bytes) {
        try (JsonReader r = Json.createReader(new ByteArrayInputStream(bytes))) {
            return r.readObject();
        }
    }

    @Test
    void theEventsAreAnHttpApiGetWithoutBodyAndAPostOf64KiB() {
        JsonObject get = json(PeerBenchmark.Case.SMALL_GET.event);
        assertEquals("2.0", get.getString("version"));
        assertEquals("GET", get.getJsonObject("requestContext").getJsonObject("http").getString("method"));
        assertEquals("/hello", get.getString("rawPath"));
        assertFalse(get.containsKey("body"));
        assertFalse(get.getJsonObject("headers").containsKey("content-type"));

        JsonObject post = json(PeerBenchmark.Case.LARGE_POST.event);
        assertEquals("POST", post.getJsonObject("requestContext").getJsonObject("http").getString("method"));
        assertEquals("/echo", post.getString("rawPath"));
        assertEquals(64 * 1024, post.getString("body").getBytes(StandardCharsets.UTF_8).length);
        assertEquals(post.getString("body"), new String(PeerBenchmark.Case.LARGE_POST.expected, StandardCharsets.UTF_8),
                "the app echoes the body, so 64 KiB go each way");
    }

    @Test
    void theJsonPostCarriesAnApisDocumentAndExpectsItAsExpressWritesItBack() throws Exception {
        JsonObject post = json(PeerBenchmark.Case.JSON_POST.event);
        String body = post.getString("body");
        assertEquals(64 * 1024, body.getBytes(StandardCharsets.UTF_8).length);
        assertTrue(body.chars().filter(c -> c == '"').count() > 64 * 1024 / 8, "a quote every few bytes: JSON in JSON");
        // JSON.stringify(JSON.parse(body)) in Express gives a compact document back as it came
        // (integers, 12.5, true and strings are spelled as JSON.stringify spells them)
        String expected = new String(PeerBenchmark.Case.JSON_POST.expected, StandardCharsets.UTF_8);
        assertEquals(body, expected);
        byte[] bytes = expected.getBytes(StandardCharsets.UTF_8);
        assertEquals(expected, new String(dev.lwa.runtimeapi.json.JsonNode.compact(bytes), StandardCharsets.UTF_8),
                "compact: nothing for JSON.stringify to drop");
        assertFalse(expected.matches("(?s).*[0-9]\\.[0-9]*0[,}\\]].*"), "no number JSON.stringify would spell shorter");
    }

    @Test
    void thePostEventIsTheBenchmarksUsualHttpApiEventWithAnotherPath() {
        String usual = new String(Events.event(Events.Kind.HTTP_V2, 100), StandardCharsets.UTF_8);
        String built = new String(Events.httpV2("POST", "/orders/42", Events.jsonText(100)), StandardCharsets.UTF_8);
        assertEquals(usual, built);
    }

    @Test
    void theFloorsAnswerPassesTheCheckOfItsCase() {
        for (PeerBenchmark.Case c : PeerBenchmark.Case.values()) {
            assertEquals(Optional.empty(), PeerBenchmark.problem(c.floorAnswer(), c.expected), c.name());
        }
        assertTrue(PeerBenchmark.problem(PeerBenchmark.Case.SMALL_GET.floorAnswer(), PeerBenchmark.Case.LARGE_POST.expected).isPresent());
    }

    @Test
    void acceptsOnlyA200WithTheExpectedBodyDecodingBase64() {
        byte[] hello = PeerBenchmark.HELLO.getBytes(StandardCharsets.UTF_8);
        String asText = "{\"statusCode\":200,\"headers\":{\"x-powered-by\":\"Express\"},\"body\":" + Events.quoted(PeerBenchmark.HELLO)
                + ",\"isBase64Encoded\":false,\"cookies\":[]}";
        assertEquals(Optional.empty(), PeerBenchmark.problem(asText.getBytes(StandardCharsets.UTF_8), hello));
        String asBase64 = "{\"statusCode\":200,\"body\":\"" + Base64.getEncoder().encodeToString(hello) + "\",\"isBase64Encoded\":true}";
        assertEquals(Optional.empty(), PeerBenchmark.problem(asBase64.getBytes(StandardCharsets.UTF_8), hello));

        assertTrue(PeerBenchmark.problem(asText.replace("200", "502").getBytes(StandardCharsets.UTF_8), hello).orElseThrow()
                .contains("statusCode 502"));
        assertTrue(PeerBenchmark.problem(asText.replace("hello", "hullo").getBytes(StandardCharsets.UTF_8), hello).isPresent());
        assertTrue(PeerBenchmark.problem("{\"statusCode\":200}".getBytes(StandardCharsets.UTF_8), hello).isPresent());
        assertTrue(PeerBenchmark.problem("{\"statusCode\":200,\"body\":\"!!\",\"isBase64Encoded\":true}".getBytes(StandardCharsets.UTF_8),
                hello).isPresent());
        assertTrue(PeerBenchmark.problem("Internal Server Error".getBytes(StandardCharsets.UTF_8), hello).orElseThrow()
                .contains("not a JSON object"));
    }

    @Test
    void parsesOptions() {
        var d = PeerBenchmark.Options.parse(new String[0]);
        assertEquals(5000, d.n());
        assertEquals(16, d.concurrency());
        assertEquals(8 * Runtime.getRuntime().availableProcessors(), d.ricWorkers());
        var o = PeerBenchmark.Options.parse(new String[] {"--n", "10", "--warmup", "0", "--no-doc", "--concurrency", "0",
                "--throughput-seconds", "0.5", "--ric-workers", "4", "--peer", "/x"});
        assertEquals(10, o.n());
        assertEquals(0, o.concurrency());
        assertEquals(Duration.ofMillis(500), o.throughputInterval());
        assertEquals(4, o.ricWorkers());
        assertEquals(Path.of("/x"), o.peer());
        assertTrue(o.doc().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> PeerBenchmark.Options.parse(new String[] {"--concurrency", "1"}));
        assertThrows(IllegalArgumentException.class, () -> PeerBenchmark.Options.parse(new String[] {"--n", "0"}));
        assertThrows(IllegalArgumentException.class, () -> PeerBenchmark.Options.parse(new String[] {"--fast"}));
        assertThrows(IllegalArgumentException.class, () -> PeerBenchmark.Options.parse(new String[] {"--warmup"}));
    }

    @Test
    void saysWhatSetupHasNotInstalled() throws IOException {
        Path dir = Files.createTempDirectory("peer-test");
        var peer = PeerBenchmark.Peer.of(dir);
        assertEquals(Optional.of(peer.node().toString()), peer.missing());
        assertEquals("?", peer.version("express"));
    }

    @Test
    void theThroughputMedianOfEvenAndOddRounds() {
        assertEquals(20.0, new PeerBenchmark.Throughput("x", new double[] {30, 10, 20}, 0).median());
        assertEquals(25.0, new PeerBenchmark.Throughput("x", new double[] {40, 10, 20, 30}, 0).median());
    }

    private static Stats flat(long nanos) {
        return new Stats(1, nanos, nanos + 1000, nanos + 2000, nanos, nanos, nanos);
    }

    @Test
    void reportsAddedLatencyOverTheFloorThroughputAndStartUp() {
        Map<PeerBenchmark.Case, Map<String, Stats>> stats = new EnumMap<>(PeerBenchmark.Case.class);
        Map<PeerBenchmark.Case, Map<String, Double>> cpu = new EnumMap<>(PeerBenchmark.Case.class);
        for (PeerBenchmark.Case c : PeerBenchmark.Case.values()) {
            long base = c == PeerBenchmark.Case.SMALL_GET ? 300_000 : 900_000;
            Map<String, Stats> s = new LinkedHashMap<>();
            s.put(PeerBenchmark.FLOOR, flat(base));
            s.put(PeerBenchmark.LWA, flat(base + 120_000));
            s.put(PeerBenchmark.SX, flat(base + 350_000));
            s.put(PeerBenchmark.DIRECT, flat(c == PeerBenchmark.Case.SMALL_GET ? 80_000 : 200_000));
            stats.put(c, s);
            cpu.put(c, Map.of(PeerBenchmark.FLOOR, 40.0, PeerBenchmark.LWA, 300.0, PeerBenchmark.SX, 250.0));
        }
        ProcStatus mem = new ProcStatus(100 * 1024, 110 * 1024, Duration.ZERO);
        Map<PeerBenchmark.Case, Stats> paired = new EnumMap<>(PeerBenchmark.Case.class);
        paired.put(PeerBenchmark.Case.LARGE_POST, PeerBenchmark.paired(new long[] {1_000_000, 1_300_000, 900_000},
                new long[] {500_000, 700_000, 450_000}, new long[] {300_000, 400_000, 290_000}));
        var latency = new PeerBenchmark.Latency(stats, cpu, Map.of(PeerBenchmark.LWA, mem), paired);
        var throughput = List.of(new PeerBenchmark.Throughput(PeerBenchmark.LWA, new double[] {7000, 7100, 7200}, 180.4),
                new PeerBenchmark.Throughput(PeerBenchmark.SX, new double[] {3500, 3600, 3550}, 420));
        Map<PeerBenchmark.Start, List<PeerBenchmark.Launch>> launches = new EnumMap<>(PeerBenchmark.Start.class);
        launches.put(PeerBenchmark.Start.LWA_APP_LISTENING, List.of(new PeerBenchmark.Launch(75_000_000, -1, mem)));
        launches.put(PeerBenchmark.Start.LWA_WITH_APP, List.of(new PeerBenchmark.Launch(140_000_000, 120_000_000, mem),
                new PeerBenchmark.Launch(100_000_000, 90_000_000, mem), new PeerBenchmark.Launch(120_000_000, 110_000_000, mem)));
        launches.put(PeerBenchmark.Start.SX, List.of(new PeerBenchmark.Launch(171_000_000, -1, mem)));
        var o = PeerBenchmark.Options.parse(new String[] {"--no-doc"});
        String md = PeerBenchmark.report(new Machine("2026-01-01 00:00 UTC", "jdk", 2, "cpu", "linux"), o, "Node v24",
                EndToEnd.DEFAULT_JVM_FLAGS, latency, throughput, launches, "0.10 0.20 0.30");

        assertTrue(md.contains("| small GET: added latency p50 over the floor, ms | +0.12 | +0.35 |"), md);
        assertTrue(md.contains("| 64 KiB POST: added latency p50 over the floor, ms | +0.12 | +0.35 |"), md);
        assertTrue(md.contains("| small GET, 16 in flight: invocations/s | 7,100 | 3,550 |"), md);
        assertTrue(md.contains("| lwa | 7,100 | 7,000 | 7,200 | 180 |"), md);
        assertTrue(md.contains("| exec → first `/next`, ms (lwa: app already listening) | 75.0 | 171.0 |"), md);
        assertTrue(md.contains("| exec → first `/next`, ms (lwa: app and adapter started together) | 120.0 | 171.0 |"), md);
        assertTrue(md.contains("| small GET | lwa | 420.0 | 421.0 | 422.0 | 420.0 | **120.0** | 120.0 | 120.0 | 300 |"), md);
        assertTrue(md.contains("| small GET | floor | 300.0 | 301.0 | 302.0 | 300.0 |  |  |  | 40 |"), md);
        // the app alone: no added columns, no CPU; and lwa's share beyond it
        assertTrue(md.contains("| small GET | app alone | 80.0 | 81.0 | 82.0 | 80.0 |  |  |  |  |"), md);
        assertTrue(md.contains("| 64 KiB POST: of lwa's, one request to the app alone (harness → Node, no Lambda), p50 ms | +0.20 | |"), md);
        assertTrue(md.contains("| small GET: lwa's added latency less that request, p50 ms | +0.04 | |"), md);
        // paired round by round: 200, 200 and 160 µs, median 0.20 ms; only where measured
        assertTrue(md.contains("| 64 KiB POST: the same, paired: median over the rounds of lwa − floor − app alone, ms | +0.20 | |"), md);
        assertFalse(md.contains("| small GET: the same, paired"), md);
        assertTrue(md.contains("| lwa, app already listening | **75.0** (75.0–75.0) |  | 100.0 |"), md);
        assertTrue(md.contains("| lwa, app and adapter started together | **120.0** (100.0–140.0) | 110.0 | 100.0 |"), md);
        assertTrue(md.contains("0.10 0.20 0.30"), md);
    }

    @Test
    void thePackageJsonPinsExactVersions() throws IOException {
        Path pkg = Path.of("peer/package.json");
        if (!Files.exists(pkg)) {
            pkg = Path.of("benchmarks/peer/package.json"); // run from the repository root
        }
        JsonObject deps = json(Files.readAllBytes(pkg)).getJsonObject("dependencies");
        assertEquals("5.0.0", deps.getString("@codegenie/serverless-express"));
        assertEquals("4.0.2", deps.getString("aws-lambda-ric"));
        for (String name : deps.keySet()) {
            assertTrue(deps.getString(name).matches("\\d+\\.\\d+\\.\\d+"), name + " " + deps.getString(name));
        }
    }
}
