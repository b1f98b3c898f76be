package dev.lwa.bootstrap;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/** A real app on loopback for the adapter to forward to: what {@link LwaTest} can start. */
sealed interface LoopbackApp extends AutoCloseable permits TestApp, RawSocketApp, StreamingApp {

    /** The port it listens on: the adapter's {@code AWS_LWA_PORT}. */
    int port();

    /**
     * The JDK's HTTP server on 127.0.0.1:{@code port} (0: a port the OS picks), started, with a
     * virtual thread per exchange and every path going to {@code handler}.
     */
    static HttpServer httpServer(int port, HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", handler);
        server.start();
        return server;
    }
}
