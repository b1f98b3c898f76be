package dev.lwa.core.pipeline;

import com.aayushatharva.brotli4j.decoder.Decoder;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import com.aayushatharva.brotli4j.decoder.DirectDecompress;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lwa.core.config.Config;
import dev.lwa.core.config.ConfigException;
import dev.lwa.core.http.AppForwarder;
import dev.lwa.runtimeapi.json.TestJson;
import dev.lwa.runtimeapi.json.JsonText;
import dev.lwa.runtimeapi.Invocation;
import dev.lwa.runtimeapi.http.Http1Client;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code AWS_LWA_ENABLE_COMPRESSION} on the buffered path (docs/behaviour.md, Compression; LWA's tests
 * {@code test_http_compress} and {@code test_http_compress_already_compressed}): a real app on
 * loopback, a real Http1Client, and the function result the trigger would get.
 */
class InvocationHandlerCompressionTest {
    /** LWA's test 12 body: 59 bytes of text/plain. */
    static final String TEXT_59 = "Hello, world! This text is long enough to be compressed....";

    static HttpServer app;
    static byte[] gzipped;
    /** Over Lambda's 6 MiB, but JSON that gzips to a fraction of it. */
    static byte[] bigJson;

    private final List<Http1Client> clients = new ArrayList<>();

    @BeforeAll
    static void startApp() throws IOException {
        assertEquals(59, TEXT_59.length());
        gzipped = gzip("{\"message\":\"already compressed by the app\"}".getBytes(StandardCharsets.UTF_8));
        StringBuilder json = new StringBuilder(8 * 1024 * 1024 + 100).append('[');
        for (int i = 0; json.length() < 8 * 1024 * 1024; i++) {
            json.append("{\"id\":").append(i).append(",\"name\":\"item ").append(i % 977).append("\",\"ok\":true},");
        }
        bigJson = json.append("{}]").toString().getBytes(StandardCharsets.UTF_8);
        app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        app.createContext("/text", ex -> reply(ex, "text/plain", TEXT_59.getBytes(StandardCharsets.UTF_8), false));
        app.createContext("/text-chunked", ex -> reply(ex, "text/plain", TEXT_59.getBytes(StandardCharsets.UTF_8), true));
        app.createContext("/octet", ex -> reply(ex, "application/octet-stream", TEXT_59.getBytes(StandardCharsets.UTF_8), false));
        app.createContext("/small", ex -> reply(ex, "text/plain", "twenty bytes of text".getBytes(StandardCharsets.UTF_8), false));
        app.createContext("/small-chunked", ex -> reply(ex, "text/plain", "twenty bytes of text".getBytes(StandardCharsets.UTF_8), true));
        app.createContext("/png", ex -> reply(ex, "image/png", new byte[500], false));
        app.createContext("/ranges", ex -> {
            ex.getResponseHeaders().add("Accept-Ranges", "bytes");
            ex.getResponseHeaders().add("Vary", "Origin");
            reply(ex, "text/plain", TEXT_59.getBytes(StandardCharsets.UTF_8), false);
        });
        app.createContext("/gzipped", ex -> {
            ex.getResponseHeaders().add("Content-Encoding", "gzip");
            reply(ex, "application/json", gzipped, false);
        });
        app.createContext("/gzipped-chunked", ex -> { // an app's own compression middleware: no length
            ex.getResponseHeaders().add("Content-Encoding", "gzip");
            reply(ex, "application/json", gzip(bigJson), true);
        });
        app.createContext("/medium-chunked", ex -> reply(ex, "application/json", Arrays.copyOf(bigJson, 1_000_000), true));
        app.createContext("/big", ex -> reply(ex, "application/json", bigJson, false));
        app.createContext("/big-chunked", ex -> reply(ex, "application/json", bigJson, true));
        app.createContext("/big-png", ex -> reply(ex, "image/png", bigJson, true));
        app.createContext("/big-random", ex -> {
            byte[] noise = new byte[8 * 1024 * 1024];
            new java.util.Random(1).nextBytes(noise);
            reply(ex, "application/octet-stream", noise, true);
        });
        app.start();
    }

    @AfterAll
    static void stopApp() {
        app.stop(0);
    }

    @AfterEach
    void closeClients() {
        clients.forEach(Http1Client::close);
    }

    private static void reply(HttpExchange ex, String type, byte[] body, boolean chunked) throws IOException {
        ex.getRequestBody().readAllBytes();
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(200, chunked ? 0 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private InvocationHandler handler(boolean compression) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_LWA_PORT", String.valueOf(app.getAddress().getPort()));
        if (compression) {
            env.put("AWS_LWA_ENABLE_COMPRESSION", "true");
        }
        Config config;
        try {
            config = Config.fromEnv(env);
        } catch (ConfigException e) {
            throw new AssertionError(e);
        }
        Http1Client client = Http1Client.builder("127.0.0.1", app.getAddress().getPort()).build();
        clients.add(client);
        return new InvocationHandler(config.app(), config.forwarding(), new AppForwarder(client, config.forwarding(), config.function()),
                AppReadiness.alreadyReady(), Optional.empty());
    }

    /** An HTTP API v2 GET with the given Accept-Encoding (none when null). */
    private static byte[] v2(String path, String acceptEncoding) {
        String headers = acceptEncoding == null ? "{\"host\":\"api.example.com\"}"
                : "{\"host\":\"api.example.com\",\"accept-encoding\":" + JsonText.quote(acceptEncoding) + "}";
        return ("{\"version\":\"2.0\",\"rawPath\":" + JsonText.quote(path) + ",\"rawQueryString\":\"\",\"headers\":"
                + headers + ",\"requestContext\":{\"http\":{\"method\":\"GET\",\"path\":" + JsonText.quote(path)
                + "},\"stage\":\"$default\"}}").getBytes(StandardCharsets.UTF_8);
    }

    /** A REST API v1 GET whose Accept-Encoding comes as several multiValueHeaders values. */
    private static byte[] rest(String path, String... acceptEncoding) {
        StringBuilder values = new StringBuilder();
        for (String v : acceptEncoding) {
            values.append(values.isEmpty() ? "" : ",").append(JsonText.quote(v));
        }
        return ("{\"httpMethod\":\"GET\",\"path\":" + JsonText.quote(path) + ",\"multiValueHeaders\":{\"Accept-Encoding\":["
                + values + "]},\"requestContext\":{\"httpMethod\":\"GET\",\"requestId\":\"r-1\"},\"body\":null}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static JsonObject invoke(InvocationHandler handler, byte[] event) {
        Invocation inv = new Invocation("req-1", System.currentTimeMillis() + 30_000, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), event);
        Outcome outcome = handler.handle(inv);
        Outcome.Buffered buffered = assertInstanceOf(Outcome.Buffered.class, outcome, outcome.toString());
        return TestJson.parse(buffered.envelope().toByteArray()).asJsonObject();
    }

    private static byte[] base64Body(JsonObject result) {
        assertTrue(result.getBoolean("isBase64Encoded"), result.toString());
        return Base64.getDecoder().decode(result.getString("body"));
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    static String gunzip(byte[] data) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    // ---- LWA test 12 and its neighbours ---------------------------------------------------------

    @Test
    void aTextBodyComesBackGzippedAsBase64() throws IOException {
        JsonObject result = invoke(handler(true), v2("/text", "gzip"));
        JsonObject headers = result.getJsonObject("headers");
        assertEquals(200, result.getInt("statusCode"));
        assertEquals("gzip", headers.getString("content-encoding"));
        assertEquals("accept-encoding", headers.getString("vary"));
        assertFalse(headers.containsKey("content-length"), "the app's length is that of the uncompressed body");
        assertEquals("text/plain", headers.getString("content-type"));
        assertEquals(TEXT_59, gunzip(base64Body(result)));
    }

    @Test
    void brRoundTrips() throws IOException {
        JsonObject result = invoke(handler(true), v2("/text", "gzip;q=0.8, br"));
        assertEquals("br", result.getJsonObject("headers").getString("content-encoding"));
        DirectDecompress decoded = Decoder.decompress(base64Body(result));
        assertEquals(DecoderJNI.Status.DONE, decoded.getResultStatus());
        assertEquals(TEXT_59, new String(decoded.getDecompressedData(), StandardCharsets.UTF_8));
    }

    @Test
    void aMegabyteWithoutALengthIsCompressedWhole() throws IOException {
        // chunked, so read to its end before its size is known, then compressed, with both codings
        String expected = new String(bigJson, 0, 1_000_000, StandardCharsets.UTF_8);
        JsonObject gz = invoke(handler(true), v2("/medium-chunked", "gzip"));
        assertEquals("gzip", gz.getJsonObject("headers").getString("content-encoding"));
        assertEquals(expected, gunzip(base64Body(gz)));
        JsonObject br = invoke(handler(true), v2("/medium-chunked", "br"));
        assertEquals("br", br.getJsonObject("headers").getString("content-encoding"));
        DirectDecompress decoded = Decoder.decompress(base64Body(br));
        assertEquals(DecoderJNI.Status.DONE, decoded.getResultStatus());
        assertEquals(expected, new String(decoded.getDecompressedData(), StandardCharsets.UTF_8));
    }

    @Test
    void octetStreamIsCompressedToo() throws IOException {
        // LWA's test_http_compress_disallowed_type says otherwise only because it skips the compression layer.
        JsonObject result = invoke(handler(true), v2("/octet", "gzip"));
        assertEquals("gzip", result.getJsonObject("headers").getString("content-encoding"));
        assertEquals(TEXT_59, gunzip(base64Body(result)));
    }

    @Test
    void aChunkedBodyIsJudgedByItsRealSize() throws IOException {
        JsonObject big = invoke(handler(true), v2("/text-chunked", "gzip"));
        assertEquals("gzip", big.getJsonObject("headers").getString("content-encoding"));
        assertEquals(TEXT_59, gunzip(base64Body(big)));

        JsonObject small = invoke(handler(true), v2("/small-chunked", "gzip"));
        assertFalse(small.getJsonObject("headers").containsKey("content-encoding"));
        assertEquals("twenty bytes of text", small.getString("body"));
    }

    @Test
    void severalAcceptEncodingValuesAreNegotiatedTogether() throws IOException {
        JsonObject result = invoke(handler(true), rest("/text", "gzip;q=0.2", "br;q=0", "identity;q=0.1"));
        assertEquals(List.of("gzip"), result.getJsonObject("multiValueHeaders").getJsonArray("content-encoding")
                .getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList());
        assertEquals(TEXT_59, gunzip(base64Body(result)));
    }

    @Test
    void acceptRangesGoesAndVaryIsExtended() throws IOException {
        JsonObject result = invoke(handler(true), v2("/ranges", "gzip"));
        JsonObject headers = result.getJsonObject("headers");
        assertFalse(headers.containsKey("accept-ranges"));
        assertEquals("Origin, accept-encoding", headers.getString("vary"));
        assertEquals(TEXT_59, gunzip(base64Body(result)));
    }

    // ---- what stays as it was -------------------------------------------------------------------

    @Test
    void anAlreadyEncodedBodyIsNotCompressedAgainAndKeepsItsLength() throws IOException {
        // LWA's test 14.
        JsonObject result = invoke(handler(true), v2("/gzipped", "gzip"));
        JsonObject headers = result.getJsonObject("headers");
        assertEquals("gzip", headers.getString("content-encoding"));
        assertEquals(String.valueOf(gzipped.length), headers.getString("content-length"));
        assertFalse(headers.containsKey("vary"));
        assertArrayEquals(gzipped, base64Body(result), "the app's bytes, once");
    }

    @Test
    void anAppsOwnChunkedCompressionComesBackAsItsBytes() throws IOException {
        // read in pieces (no length to size an array by) and base64-encoded across them
        byte[] expected = gzip(bigJson);
        assertTrue(expected.length > 64 * 1024, "several pieces: " + expected.length);
        JsonObject result = invoke(handler(true), v2("/gzipped-chunked", "gzip"));
        assertEquals("gzip", result.getJsonObject("headers").getString("content-encoding"));
        assertArrayEquals(expected, base64Body(result), "the app's bytes, once");
    }

    @Test
    void aBodyUnder32BytesIsLeftAlone() {
        JsonObject result = invoke(handler(true), v2("/small", "gzip"));
        JsonObject headers = result.getJsonObject("headers");
        assertFalse(headers.containsKey("content-encoding"));
        assertFalse(headers.containsKey("vary"));
        assertEquals("20", headers.getString("content-length"));
        assertFalse(result.getBoolean("isBase64Encoded"));
        assertEquals("twenty bytes of text", result.getString("body"));
    }

    @Test
    void imagesAreLeftAlone() {
        JsonObject result = invoke(handler(true), v2("/png", "gzip, br"));
        JsonObject headers = result.getJsonObject("headers");
        assertFalse(headers.containsKey("content-encoding"));
        assertFalse(headers.containsKey("vary"));
        assertEquals("500", headers.getString("content-length"));
    }

    @Test
    void aClientThatWantsNoCodingGetsTheBodyAsItWasWithVary() {
        for (String accept : new String[]{null, "identity", "*", "deflate", "gzip;q=0"}) {
            JsonObject result = invoke(handler(true), v2("/text", accept));
            JsonObject headers = result.getJsonObject("headers");
            assertFalse(headers.containsKey("content-encoding"), String.valueOf(accept));
            assertEquals("accept-encoding", headers.getString("vary"), "the answer depends on Accept-Encoding: " + accept);
            assertEquals("59", headers.getString("content-length"));
            assertEquals(TEXT_59, result.getString("body"));
        }
    }

    @Test
    void withCompressionOffNothingChanges() {
        JsonObject result = invoke(handler(false), v2("/text", "gzip, br"));
        JsonObject headers = result.getJsonObject("headers");
        assertFalse(headers.containsKey("content-encoding"));
        assertFalse(headers.containsKey("vary"));
        assertEquals("59", headers.getString("content-length"));
        assertFalse(result.getBoolean("isBase64Encoded"));
        assertEquals(TEXT_59, result.getString("body"));
    }

    // ---- over Lambda's buffered limit before compression ------------------------------------------

    @Test
    void aBodyOverTheLimitThatCompressesUnderItIsServed() throws IOException {
        assertTrue(bigJson.length > InvocationHandler.MAX_BUFFERED_PAYLOAD);
        for (String path : new String[]{"/big", "/big-chunked"}) {
            JsonObject result = invoke(handler(true), v2(path, "gzip"));
            assertEquals("gzip", result.getJsonObject("headers").getString("content-encoding"), path);
            assertFalse(result.getJsonObject("headers").containsKey("content-length"), path);
            byte[] body = base64Body(result);
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                assertArrayEquals(bigJson, in.readAllBytes(), path);
            }
        }
        JsonObject br = invoke(handler(true), v2("/big-chunked", "br"));
        DirectDecompress decoded = Decoder.decompress(base64Body(br));
        assertEquals(DecoderJNI.Status.DONE, decoded.getResultStatus());
        assertArrayEquals(bigJson, decoded.getDecompressedData());
    }

    @Test
    void theOutcomeCountsTheAppsBytesAsReadNotAsCompressed() {
        // what the heap grew by, for giving memory back after a large answer: a compressed answer
        // of megabytes is a few kilobytes in the result
        for (String path : new String[]{"/medium-chunked", "/big", "/big-chunked"}) {
            Invocation inv = new Invocation("req-1", System.currentTimeMillis() + 30_000, Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), v2(path, "gzip"));
            Outcome.Buffered buffered = assertInstanceOf(Outcome.Buffered.class, handler(true).handle(inv));
            long expected = path.startsWith("/medium") ? 1_000_000 : bigJson.length;
            assertEquals(expected, buffered.appBytes(), path);
            assertTrue(buffered.envelope().bodyLength() < expected / 5, path + ": compressed in the result");
        }
        Invocation plain = new Invocation("req-1", System.currentTimeMillis() + 30_000, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), v2("/medium-chunked", null));
        Outcome.Buffered uncompressed = assertInstanceOf(Outcome.Buffered.class, handler(true).handle(plain));
        assertEquals(1_000_000, uncompressed.appBytes());
        assertEquals(1_000_000, uncompressed.envelope().bodyLength());
    }

    private static Outcome.Failed failure(InvocationHandler handler, byte[] event) {
        Invocation inv = new Invocation("req-1", System.currentTimeMillis() + 30_000, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), event);
        Outcome outcome = handler.handle(inv);
        return assertInstanceOf(Outcome.Failed.class, outcome, outcome.toString());
    }

    @Test
    void aBodyOverTheLimitIsStillRefusedWhenCompressionCannotMakeItFit() {
        // No coding accepted, an excluded type, data that does not compress, compression off.
        assertEquals(ErrorTypes.PAYLOAD_TOO_LARGE, failure(handler(true), v2("/big", null)).errorType());
        assertEquals(ErrorTypes.PAYLOAD_TOO_LARGE, failure(handler(true), v2("/big-chunked", "identity")).errorType());
        assertEquals(ErrorTypes.PAYLOAD_TOO_LARGE, failure(handler(true), v2("/big-png", "gzip")).errorType());
        Outcome.Failed random = failure(handler(true), v2("/big-random", "gzip"));
        assertEquals(ErrorTypes.PAYLOAD_TOO_LARGE, random.errorType());
        assertTrue(random.message().contains("compressed where it applies"), random.message());
        assertEquals(ErrorTypes.PAYLOAD_TOO_LARGE, failure(handler(false), v2("/big", "gzip")).errorType());
    }
}
