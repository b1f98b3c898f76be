package dev.lwa.bootstrap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A small app in a process of its own, for the local-mode command-line tests ({@code java -cp
 * target/test-classes dev.lwa.bootstrap.EventsApp PORT}): {@code POST /events} (the pass-through path)
 * answers {@code {"handled":<the event>}}, {@code /fail} a 500, {@code /slow} only after a minute,
 * anything else {@code {"method":..,"path":..,"bodyBytes":..}}, plus {@code "websocket":TYPE} when the
 * request has an {@code x-amzn-websocket-event-type} header (also on its log line). It prints one line per request on
 * standard output, which {@code ./lwa invoke} must keep off its own.
 */
public final class EventsApp {
    private EventsApp() {
    }

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", EventsApp::handle);
        server.start();
        System.out.println("events app listening on " + args[0]);
    }

    private static void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getRawPath();
        String webSocket = exchange.getRequestHeaders().getFirst("x-amzn-websocket-event-type");
        System.out.println("events app: " + exchange.getRequestMethod() + " " + path
                + (webSocket == null ? "" : " websocket " + webSocket));
        switch (path) {
            case "/events" -> reply(exchange, 200, "{\"handled\":" + new String(body, StandardCharsets.UTF_8) + "}");
            case "/fail" -> reply(exchange, 500, "{\"oops\":true}");
            case "/slow" -> {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                reply(exchange, 200, "{\"slow\":true}");
            }
            default -> reply(exchange, 200, "{\"method\":\"" + exchange.getRequestMethod() + "\",\"path\":\"" + path
                    + "\",\"bodyBytes\":" + body.length
                    + (webSocket == null ? "" : ",\"websocket\":\"" + webSocket + "\"") + "}");
        }
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
