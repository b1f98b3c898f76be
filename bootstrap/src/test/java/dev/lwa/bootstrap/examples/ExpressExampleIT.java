package dev.lwa.bootstrap.examples;

import dev.lwa.emulator.InvocationResult;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code examples/express}: the Express 5 app behind the built layer, as its SAM template deploys it
 * (zip function, exec wrapper, run.sh), answering the HTTP API and Function URL events its README
 * shows: JSON routes, two cookies set and read back, a PNG byte for byte; and stopping on SIGTERM
 * after the adapter's SHUTDOWN.
 */
class ExpressExampleIT {
    private static final String NAME = "express";

    @TempDir
    Path temp;

    @Test
    void theTemplateAndTheDockerfileAddTheBuiltLayerTheDocumentedWay() throws Exception {
        Path dir = ExpressExample.EXAMPLES.resolve(NAME);
        Map<String, Object> template = ExpressExample.yaml(dir.resolve("template.yaml"));
        Map<String, Object> layer = ExpressExample.map(ExpressExample.map(
                ExpressExample.map(template.get("Resources")).get("LwaLayer")).get("Properties"));
        Path zip = dir.resolve((String) layer.get("ContentUri")).normalize();
        assertEquals(ExpressExample.layerZip().toRealPath(), zip.toRealPath(), "ContentUri must name the zip mvn package builds");

        Map<String, Object> function = ExpressExample.samFunction(NAME);
        assertTrue(((String) function.get("Runtime")).startsWith("nodejs"), "a Node.js managed runtime");
        assertEquals(List.of(Map.of("Ref", "LwaLayer")), function.get("Layers"));
        Path handler = dir.resolve((String) function.get("CodeUri")).resolve((String) function.get("Handler")).normalize();
        assertTrue(Files.isExecutable(handler), handler + " must be executable: the wrapper execs it");
        Map<String, String> env = ExpressExample.environment(function);
        assertEquals("/opt/bootstrap", env.get("AWS_LAMBDA_EXEC_WRAPPER"));
        try (ZipFile z = ZipFile.builder().setPath(zip).get()) {
            ZipArchiveEntry wrapper = z.getEntry("bootstrap");
            assertNotNull(wrapper, "the layer zip has no bootstrap (/opt/bootstrap)");
            assertTrue((wrapper.getUnixMode() & 0100) != 0, "/opt/bootstrap must unpack executable");
        }
        assertEquals(env.get("PORT"), env.get("AWS_LWA_PORT"), "lwa must forward to the port the app listens on");
        assertTrue(function.containsKey("FunctionUrlConfig"), "a Function URL");
        assertEquals("HttpApi", ExpressExample.map(ExpressExample.map(ExpressExample.map(function.get("Events")).get("Api")))
                .get("Type"), "an HTTP API event");

        String dockerfile = Files.readString(dir.resolve("Dockerfile"));
        assertTrue(dockerfile.contains("\nARG LWA_IMAGE=" + ExpressExample.lwaImageName() + "\n"), "the image mvn package builds");
        assertTrue(dockerfile.contains("\nFROM ${LWA_IMAGE} AS lwa\n"), "the lwa image as a stage");
        assertTrue(dockerfile.contains("\nCOPY --from=lwa /opt /opt\n"), "the layer's tree copied to /opt");
        assertTrue(dockerfile.contains("ENV PORT=8080 AWS_LWA_PORT=8080"), "the app's port and lwa's agree");
        assertTrue(dockerfile.contains("RUN npm ci --omit=dev"), "the locked dependencies");
        assertTrue(dockerfile.contains("CMD [\"node\", \"app.js\"]"), "the app as the image's command");
        assertTrue(Files.exists(dir.resolve("package-lock.json")), "package-lock.json, for npm ci");
    }

    @Test
    void servesHttpApiAndFunctionUrlEventsAndStopsOnSigterm() throws Exception {
        Path taskRoot = ExpressExample.taskRoot(NAME, temp);
        Map<String, String> env = ExpressExample.environment(ExpressExample.samFunction(NAME));
        JsonObject httpApi = ExpressExample.sampleEvent("apiGatewayProxyV2Event.json");
        JsonObject functionUrl = ExpressExample.sampleEvent("lambdaFunctionUrlEvent.json");
        try (ExpressExample function = ExpressExample.start(taskRoot, env, temp)) {
            assertTrue(function.appCommandLine().matches("node \\S+/app\\.js"),
                    "run.sh exec'd node, so the app is the process Lambda signals: " + function.appCommandLine());

            // JSON routes, HTTP API
            JsonObject item = ok(function, ExpressExample.v2Event(httpApi, "GET", "/items/1", "", List.of(), Map.of(), null), 200);
            assertEquals("application/json; charset=utf-8", item.getJsonObject("headers").getString("content-type"));
            assertEquals(ExpressExample.json("{\"id\":\"1\",\"name\":\"teapot\",\"price\":18}"), ExpressExample.json(item.getString("body")));
            JsonObject list = ok(function, ExpressExample.v2Event(httpApi, "GET", "/items", "limit=1", List.of(), Map.of(), null), 200);
            assertEquals(1, ExpressExample.json(list.getString("body")).getJsonArray("items").size(), list::toString);
            JsonObject created = ok(function, ExpressExample.v2Event(httpApi, "POST", "/items", "", List.of(),
                    Map.of("content-type", "application/json"), "{\"name\":\"mug\",\"price\":7}"), 201);
            assertEquals("/items/3", created.getJsonObject("headers").getString("location"));
            assertEquals("mug", ExpressExample.json(created.getString("body")).getString("name"));
            JsonObject missing = ok(function, ExpressExample.v2Event(httpApi, "GET", "/items/9", "", List.of(), Map.of(), null), 404);
            assertEquals("no item 9", ExpressExample.json(missing.getString("body")).getString("error"));

            // Cookies, Function URL: two Set-Cookie become two entries of "cookies"; sent back, the app reads them
            JsonObject login = ok(function, ExpressExample.v2Event(functionUrl, "POST", "/login", "", List.of(),
                    Map.of("content-type", "application/json"), "{\"user\":\"ann\"}"), 200);
            List<String> cookies = login.getJsonArray("cookies").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
            assertEquals(2, cookies.size(), login::toString);
            assertEquals("session=s-ann; Path=/; HttpOnly; SameSite=Lax", cookies.get(0));
            assertTrue(cookies.get(1).startsWith("theme=dark; Max-Age=86400; Path=/; Expires="), cookies.get(1));
            assertFalse(login.getJsonObject("headers").containsKey("set-cookie"), "cookies go to \"cookies\" only");
            List<String> sentBack = cookies.stream().map(c -> c.substring(0, c.indexOf(';'))).toList();
            JsonObject me = ok(function, ExpressExample.v2Event(functionUrl, "GET", "/me", "", sentBack, Map.of(), null), 200);
            assertEquals(ExpressExample.json("{\"session\":\"s-ann\",\"theme\":\"dark\"}"), ExpressExample.json(me.getString("body")));
            ok(function, ExpressExample.v2Event(functionUrl, "GET", "/me", "", List.of(), Map.of(), null), 401);

            // A binary answer, on both triggers: base64 in the result, the file's bytes once decoded
            byte[] png = Files.readAllBytes(taskRoot.resolve("public/logo.png"));
            for (JsonObject sample : List.of(httpApi, functionUrl)) {
                JsonObject logo = ok(function, ExpressExample.v2Event(sample, "GET", "/logo.png", "", List.of(), Map.of(), null), 200);
                assertEquals("image/png", logo.getJsonObject("headers").getString("content-type"));
                assertTrue(logo.getBoolean("isBase64Encoded"), logo::toString);
                assertArrayEquals(png, Base64.getDecoder().decode(logo.getString("body")));
            }

            // Shutdown: SHUTDOWN makes the launcher exit 0; the app then gets SIGTERM, closes its server and exits 0
            ExpressExample.Stopped stopped = function.shutdown();
            String appLog = ExpressExample.read(function.appLog);
            assertEquals(0, stopped.adapterExit(), function::logs);
            assertTrue(appLog.contains("express: SIGTERM received, closing the server"), function::logs);
            assertTrue(appLog.contains("express: server closed, exiting"), function::logs);
            assertEquals(0, stopped.appExit(), function::logs);
        }
    }

    /** Invokes; the result must be an HTTP answer with this status. Returns the result's envelope. */
    private static JsonObject ok(ExpressExample function, byte[] event, int status) {
        InvocationResult r = function.invoke(event);
        assertTrue(r.isResponse(), () -> r + function.logs());
        JsonObject envelope = ExpressExample.json(r.body());
        assertEquals(status, envelope.getInt("statusCode"), () -> envelope + function.logs());
        return envelope;
    }
}
