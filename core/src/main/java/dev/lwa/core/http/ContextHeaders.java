package dev.lwa.core.http;

import dev.lwa.core.config.FunctionInfo;
import dev.lwa.runtimeapi.json.JsonNode;
import dev.lwa.runtimeapi.json.JsonSyntaxException;
import dev.lwa.runtimeapi.json.JsonText;
import dev.lwa.runtimeapi.Invocation;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The JSON of {@code x-amzn-lambda-context} and the header-safe form of
 * {@code x-amzn-request-context} (docs/behaviour.md, "Headers lwa adds"). Both are written ASCII-only
 * ({@code \\u} escapes), so any byte the event carries stays a valid header value.
 */
public final class ContextHeaders {
    private static final String NO_ARN = "No header lambda-runtime-invoked-function-arn found.";

    private final String envConfig;

    public ContextHeaders(FunctionInfo function) {
        StringBuilder sb = new StringBuilder(160).append("{\"function_name\":");
        JsonText.string(sb, function.name(), true).append(",\"memory\":").append(function.memoryMb())
                .append(",\"version\":");
        JsonText.string(sb, function.version(), true).append(",\"log_stream\":");
        JsonText.string(sb, function.logStream(), true).append(",\"log_group\":");
        JsonText.string(sb, function.logGroup(), true).append('}');
        this.envConfig = sb.toString();
    }

    /** Keys and order as lambda_runtime's Context serialises them. */
    public String lambdaContext(Invocation inv) {
        // Room for the keys (~120 chars), a request id, an ARN and a trace id of the usual lengths
        // (460 chars in all for a typical invocation): 256 + env_config made the builder grow, a
        // copy to twice the size on every invocation.
        StringBuilder sb = new StringBuilder(512 + envConfig.length()).append("{\"request_id\":");
        JsonText.string(sb, inv.requestId(), true).append(",\"deadline\":").append(inv.deadlineEpochMs())
                .append(",\"invoked_function_arn\":");
        JsonText.string(sb, inv.functionArn().orElse(NO_ARN), true).append(",\"xray_trace_id\":");
        optional(sb, inv.traceId());
        sb.append(",\"client_context\":").append(inv.clientContext().flatMap(ContextHeaders::jsonObject).orElse("null"));
        sb.append(",\"identity\":").append(inv.cognitoIdentity().flatMap(ContextHeaders::identity).orElse("null"));
        sb.append(",\"tenant_id\":");
        optional(sb, inv.tenantId());
        return sb.append(",\"env_config\":").append(envConfig).append('}').toString();
    }

    /** Compact JSON from the event, re-escaped to ASCII (outside strings valid JSON is ASCII already). */
    public static String asciiJson(String json) {
        for (int i = 0; i < json.length(); i++) {
            if (json.charAt(i) >= 0x7f) {
                StringBuilder sb = new StringBuilder(json.length() + 32).append(json, 0, i);
                for (int j = i; j < json.length(); j++) {
                    char c = json.charAt(j);
                    if (c >= 0x7f) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
                return sb.toString();
            }
        }
        return json;
    }

    private static void optional(StringBuilder sb, Optional<String> value) {
        if (value.isPresent()) {
            JsonText.string(sb, value.get(), true);
        } else {
            sb.append("null");
        }
    }

    /** The client context as it came, compacted and ASCII-escaped; empty unless it is one JSON object. */
    private static Optional<String> jsonObject(String text) {
        try {
            JsonNode v = JsonNode.parse(text.getBytes(StandardCharsets.UTF_8));
            return v.is(JsonNode.Type.OBJECT) ? Optional.of(asciiJson(v.compactText())) : Optional.empty();
        } catch (JsonSyntaxException e) {
            return Optional.empty();
        }
    }

    /** The Runtime API sends {@code cognitoIdentityId}/{@code cognitoIdentityPoolId}; the context names them identityId/identityPoolId. */
    private static Optional<String> identity(String text) {
        try {
            JsonNode o = JsonNode.parse(text.getBytes(StandardCharsets.UTF_8));
            if (!o.is(JsonNode.Type.OBJECT)) {
                return Optional.empty();
            }
            String id = string(o, "cognitoIdentityId").or(() -> string(o, "identityId")).orElse("");
            String pool = string(o, "cognitoIdentityPoolId").or(() -> string(o, "identityPoolId")).orElse("");
            StringBuilder sb = new StringBuilder(96).append("{\"identityId\":");
            JsonText.string(sb, id, true).append(",\"identityPoolId\":");
            JsonText.string(sb, pool, true).append('}');
            return Optional.of(sb.toString());
        } catch (JsonSyntaxException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> string(JsonNode o, String name) {
        JsonNode v = o.memberOrNull(name);
        return v != null && v.is(JsonNode.Type.STRING) ? Optional.of(v.string()) : Optional.empty();
    }
}
