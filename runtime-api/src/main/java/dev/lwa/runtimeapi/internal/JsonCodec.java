package dev.lwa.runtimeapi.internal;

import dev.lwa.runtimeapi.ErrorReport;
import dev.lwa.runtimeapi.json.JsonText;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The JSON documents the API clients write, with the adapter's own JSON text rules ({@link JsonText};
 * they read with {@code JsonNode}): no JSON-P provider in the layer, whose ~55 classes (and the
 * {@code java.util.logging} it pulls in) would be loaded at every start for three small documents.
 */
final class JsonCodec {
    private JsonCodec() {
    }

    /** {@code {"errorMessage":"..","errorType":".."}} */
    static byte[] errorBody(ErrorReport error) {
        StringBuilder out = new StringBuilder(48 + error.errorMessage().length() + error.errorType().length());
        out.append("{\"errorMessage\":");
        JsonText.string(out, error.errorMessage());
        out.append(",\"errorType\":");
        JsonText.string(out, error.errorType());
        return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code {"events":[..]}} */
    static byte[] registerBody(List<String> events) {
        StringBuilder out = new StringBuilder("{\"events\":[");
        for (int i = 0; i < events.size(); i++) {
            JsonText.string(i == 0 ? out : out.append(','), events.get(i));
        }
        return out.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
