package dev.lwa.emulator.internal;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.Trailers;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Blocking reads and writes over Jetty core's asynchronous request/response API. */
public final class JettyIO {

    private JettyIO() {
    }

    /**
     * The next chunk of the request body, waiting for it if needed. The caller must
     * {@link Content.Chunk#release()} it. A failure chunk becomes an {@link IOException}.
     */
    public static Content.Chunk read(Request request) throws IOException {
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk != null) {
                if (Content.Chunk.isFailure(chunk)) {
                    Throwable failure = chunk.getFailure();
                    throw new IOException("reading the request body of " + request.getMethod() + " "
                            + request.getHttpURI().getPath() + " failed: " + failure, failure);
                }
                return chunk;
            }
            try (Blocker.Runnable blocker = Blocker.runnable()) {
                request.demand(blocker);
                blocker.block();
            }
        }
    }

    public static byte[] bytes(Content.Chunk chunk) {
        ByteBuffer buffer = chunk.getByteBuffer().slice();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    /** The trailer fields if this is the trailers chunk, names as sent; repeated fields comma-joined. */
    public static Map<String, String> trailers(Content.Chunk chunk) {
        if (!(chunk instanceof Trailers trailers)) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (HttpField field : trailers.getTrailers()) {
            out.merge(field.getName(), field.getValue(), (a, b) -> a + "," + b);
        }
        return out;
    }

    /** Reads and discards up to {@code max} more bytes; true if the body ended within that. */
    public static boolean drain(Request request, long max) {
        long drained = 0;
        try {
            while (drained <= max) {
                Content.Chunk chunk = read(request);
                drained += chunk.remaining();
                boolean last = chunk.isLast();
                chunk.release();
                if (last) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** Request headers as a case-insensitive multimap. */
    public static Map<String, List<String>> headers(HttpFields fields) {
        TreeMap<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (HttpField field : fields) {
            map.computeIfAbsent(field.getName(), k -> new ArrayList<>()).add(field.getValue());
        }
        map.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(map);
    }

    public static Optional<String> header(Request request, String name) {
        return Optional.ofNullable(request.getHeaders().get(name));
    }

    /** Whether the client waits for {@code 100 Continue} before sending its body. */
    public static boolean expectsContinue(Request request) {
        return request.getHeaders().contains(HttpHeader.EXPECT, "100-continue");
    }

    /** Writes a whole response in one write, with {@code Content-Length}. */
    public static void send(Response response, Callback callback, int status, Map<String, String> headers,
                            String contentType, byte[] body) {
        head(response, status, headers, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /**
     * Writes a whole response without {@code Content-Length}, so chunked: one chunk per
     * {@code piece} bytes of {@code body} (blocking), then the last chunk.
     */
    public static void sendChunked(Response response, Callback callback, int status, Map<String, String> headers,
                                   String contentType, byte[] body, int piece) {
        head(response, status, headers, contentType);
        try {
            for (int off = 0; off < body.length; off += piece) {
                write(response, false, ByteBuffer.wrap(body, off, Math.min(piece, body.length - off)));
            }
            write(response, true, ByteBuffer.allocate(0));
            callback.succeeded();
        } catch (IOException | RuntimeException e) {
            callback.failed(e);
        }
    }

    private static void head(Response response, int status, Map<String, String> headers, String contentType) {
        response.setStatus(status);
        headers.forEach((name, value) -> response.getHeaders().put(name, value));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    }

    public static void sendJson(Response response, Callback callback, int status, Object document) {
        send(response, callback, status, Map.of(), "application/json", JsonDocuments.write(document));
    }

    public static void sendError(Response response, Callback callback, ApiError error) {
        sendJson(response, callback, error.status(), new Documents.ErrorResponse(error.errorMessage(), error.errorType()));
    }

    /** Refuses and closes the connection: used when the rest of a request body will not be read. */
    public static void sendErrorAndClose(Response response, Callback callback, ApiError error) {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        sendError(response, callback, error);
    }

    public static void sendAccepted(Response response, Callback callback) {
        sendJson(response, callback, 202, Documents.StatusResponse.OK);
    }

    /** A blocking write; {@code last} ends the response. */
    public static void write(Response response, boolean last, ByteBuffer buffer) throws IOException {
        try (Blocker.Callback blocker = Blocker.callback()) {
            response.write(last, buffer, blocker);
            blocker.block();
        }
    }
}
