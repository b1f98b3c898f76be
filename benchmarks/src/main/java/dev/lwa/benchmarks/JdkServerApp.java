package dev.lwa.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The same fixed response served by the JDK's {@code com.sun.net.httpserver} (a virtual thread
 * per exchange): a more ordinary app than {@link FixedResponseServer}, to see how much of the
 * per-invoke time a real (if small) server stack adds.
 */
public final class JdkServerApp implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private JdkServerApp(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static JdkServerApp start(byte[] body, String contentType) throws IOException {
        // The JDK server leaves Nagle on unless told; with it a keep-alive client waits for the
        // delayed ACK whenever head and body leave in separate writes.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", exchange -> answer(exchange, body, contentType));
        server.start();
        return new JdkServerApp(server, executor);
    }

    private static void answer(HttpExchange exchange, byte[] body, String contentType) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
