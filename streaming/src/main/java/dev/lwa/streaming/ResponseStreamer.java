package dev.lwa.streaming;

import dev.lwa.core.event.LambdaEvent;
import dev.lwa.core.json.JsonText;
import dev.lwa.core.pipeline.ErrorTypes;
import dev.lwa.core.pipeline.Outcome;
import dev.lwa.core.pipeline.StreamingWriter;
import dev.lwa.runtimeapi.Invocation;
import dev.lwa.runtimeapi.RuntimeApiClient;
import dev.lwa.runtimeapi.http.DeadlineExceededException;
import dev.lwa.runtimeapi.http.Headers;
import dev.lwa.runtimeapi.http.HttpResponse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Streams an app response to the Runtime API (protocols.md §3.1): the JSON prelude, 8 NUL
 * bytes, then each piece of body as soon as the app sends it. A failure after the prelude is
 * reported in real HTTP trailers (D4), not as text inside the body.
 */
public final class ResponseStreamer implements StreamingWriter {
    public static final String CONTENT_TYPE = "application/vnd.awslambda.http-integration-response";
    private static final System.Logger LOG = System.getLogger("lwa.stream");
    private static final byte[] SEPARATOR = new byte[8];

    private final RuntimeApiClient runtime;

    public ResponseStreamer(RuntimeApiClient runtime) {
        this.runtime = runtime;
    }

    @Override
    public Outcome stream(Invocation inv, LambdaEvent event, HttpResponse response) {
        long[] sent = {0};
        try {
            runtime.respondStreaming(inv.requestId(), CONTENT_TYPE, out -> {
                out.write(prelude(response.status(), response.headers()));
                out.write(SEPARATOR);
                out.flush();
                InputStream body = response.body();
                byte[] buffer = new byte[16 * 1024];
                try {
                    int n;
                    while ((n = body.read(buffer)) > 0) {
                        out.write(buffer, 0, n);
                        out.flush(); // forward what the app sent now, don't wait for more
                        sent[0] += n;
                    }
                } catch (IOException e) {
                    String type = e instanceof DeadlineExceededException ? ErrorTypes.APP_TIMEOUT : ErrorTypes.APP_CONNECTION_ERROR;
                    LOG.log(System.Logger.Level.ERROR, "invocation {0}: stream from the app failed after {1} bytes: {2}: {3}",
                            inv.requestId(), sent[0], type, e.toString());
                    out.trailers(errorTrailers(type, "the app's response stream failed after " + sent[0] + " bytes: " + e));
                }
            });
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "invocation {0}: streaming the response to the Runtime API failed: {1}",
                    inv.requestId(), e.toString());
        }
        return new Outcome.Streamed(sent[0]);
    }

    static Headers errorTrailers(String type, String message) {
        StringBuilder json = new StringBuilder("{\"errorMessage\":");
        JsonText.string(json, message).append(",\"errorType\":");
        JsonText.string(json, type).append('}');
        return Headers.of("Lambda-Runtime-Function-Error-Type", type,
                "Lambda-Runtime-Function-Error-Body",
                Base64.getEncoder().encodeToString(json.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * {@code {"statusCode":..,"headers":{..},"cookies":[..]}}: Set-Cookie values go to cookies,
     * transfer-encoding is dropped, repeated headers are comma-joined, and a missing content type
     * becomes application/octet-stream (as LWA).
     */
    static byte[] prelude(int status, Headers headers) {
        Map<String, List<String>> grouped = new LinkedHashMap<>();
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i).toLowerCase(Locale.ROOT);
            if (!name.equals("transfer-encoding")) {
                grouped.computeIfAbsent(name, k -> new ArrayList<>(1)).add(headers.value(i));
            }
        }
        grouped.putIfAbsent("content-type", List.of("application/octet-stream"));
        StringBuilder sb = new StringBuilder(256).append("{\"statusCode\":").append(status).append(",\"headers\":{");
        boolean first = true;
        for (var e : grouped.entrySet()) {
            if (e.getKey().equals("set-cookie")) {
                continue;
            }
            if (!first) {
                sb.append(',');
            }
            first = false;
            JsonText.string(sb, e.getKey()).append(':');
            JsonText.string(sb, String.join(", ", e.getValue()));
        }
        sb.append("},\"cookies\":[");
        List<String> cookies = grouped.getOrDefault("set-cookie", List.of());
        for (int i = 0; i < cookies.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            JsonText.string(sb, cookies.get(i));
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
