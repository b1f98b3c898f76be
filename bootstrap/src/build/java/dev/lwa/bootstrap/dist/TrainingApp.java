package dev.lwa.bootstrap.dist;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The web app of the AOT training run (the JDK's HTTP server, keep-alive HTTP/1.1). Its answers
 * make the adapter take each response path once in a while: JSON text, binary (base64 in the
 * envelope), several {@code Set-Cookie}, a 404, a latin-1 text body, and the pass-through echo.
 */
final class TrainingApp implements AutoCloseable {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    private TrainingApp(HttpServer server) {
        this.server = server;
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts listening on 127.0.0.1:{@code port} (0: any free port). */
    static TrainingApp start(int port) throws IOException {
        return new TrainingApp(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64));
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] request = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getRawPath();
            var headers = exchange.getResponseHeaders();
            int status = 200;
            byte[] body;
            switch (path) {
                case "/bin" -> {
                    headers.set("content-type", "image/png");
                    body = PNG;
                }
                case "/cookies" -> {
                    headers.add("set-cookie", "a=1; Path=/; HttpOnly");
                    headers.add("set-cookie", "b=2; Path=/; Secure");
                    headers.set("content-type", "text/plain; charset=utf-8");
                    body = "two cookies".getBytes(StandardCharsets.UTF_8);
                }
                case "/missing" -> {
                    status = 404;
                    headers.set("content-type", "application/json");
                    body = "{\"error\":\"not found\"}".getBytes(StandardCharsets.UTF_8);
                }
                case "/latin1" -> {
                    headers.set("content-type", "text/plain; charset=iso-8859-1");
                    body = "caf\u00e9 \u00a3".getBytes(StandardCharsets.ISO_8859_1);
                }
                default -> {
                    headers.set("content-type", "application/json");
                    headers.set("x-request-bytes", Integer.toString(request.length));
                    String query = exchange.getRequestURI().getRawQuery();
                    body = ("{\"method\":" + TrainingEvents.quote(exchange.getRequestMethod()) + ",\"path\":"
                            + TrainingEvents.quote(path) + ",\"query\":" + TrainingEvents.quote(query == null ? "" : query)
                            + ",\"bytes\":" + request.length + "}").getBytes(StandardCharsets.UTF_8);
                }
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
