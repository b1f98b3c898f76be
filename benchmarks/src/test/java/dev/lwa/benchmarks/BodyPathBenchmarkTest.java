package dev.lwa.benchmarks;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The body-path benchmark measures the success path over the whole body, in both directions. */
class BodyPathBenchmarkTest {

    @Test
    void bothDirectionsCarryTheWholeBody() throws Exception {
        long[] r = BodyPathBenchmark.check(65536, "letters");
        assertEquals(65536, r[0], "the app receives the event's body, all of it");
        assertTrue(r[1] > 65536 && r[1] < 65536 + 1024, "the result carries the whole answer, escaped: " + r[1]);
        long[] json = BodyPathBenchmark.check(65536, "json");
        assertEquals(65536, json[0], "the app receives the JSON document, all of it");
        assertTrue(json[1] > 65536 * 1.15 && json[1] < 65536 * 1.3, "every quote of the document escaped in the result: " + json[1]);
        long[] utf8 = BodyPathBenchmark.check(65536, "utf8");
        assertEquals(65536, utf8[0], "the app receives the Japanese text, all of it");
        assertTrue(utf8[1] > 65536 && utf8[1] < 65536 + 1024, "the result carries it as it is, not escaped: " + utf8[1]);
        assertEquals(65536, Events.jsonUtf8Text(65536).getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        assertTrue(Events.jsonUtf8Text(65536).contains("日本語"));
        long[] binary = BodyPathBenchmark.check(65536, "binary");
        assertEquals(65536, binary[0], "the app receives the decoded bytes, all of them");
        assertTrue(binary[1] > 65536 * 4 / 3 && binary[1] < 65536 * 4 / 3 + 1024, "the result carries them in base64: " + binary[1]);
    }

    @Test
    void theBinaryEventCarriesTheDataInBase64AsAnUpload() throws Exception {
        jakarta.json.JsonObject event = jakarta.json.Json.createReader(new java.io.ByteArrayInputStream(Events.binaryEvent(1000))).readObject();
        assertTrue(event.getBoolean("isBase64Encoded"));
        assertEquals("application/octet-stream", event.getJsonObject("headers").getString("content-type"));
        org.junit.jupiter.api.Assertions.assertArrayEquals(Events.binaryData(1000), java.util.Base64.getDecoder().decode(event.getString("body")));
    }

    @Test
    void theJsonDocumentIsCompactJsonOfExactlyTheSizeAsked() throws Exception {
        for (int size : new int[]{2, 100, 101, 65536, 65537, 1_048_576}) {
            String doc = Events.jsonDocument(size);
            assertEquals(size, doc.length());
            byte[] bytes = doc.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(dev.lwa.runtimeapi.json.JsonNode.isValue(bytes), doc);
            assertEquals(doc, new String(dev.lwa.runtimeapi.json.JsonNode.compact(bytes),
                    java.nio.charset.StandardCharsets.UTF_8), "compact, as an API sends it");
        }
    }
}
