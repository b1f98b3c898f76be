package dev.lwa.core.pipeline;

import com.sun.net.httpserver.HttpServer;
import dev.lwa.core.config.Config;
import dev.lwa.core.http.AppForwarder;
import dev.lwa.runtimeapi.Invocation;
import dev.lwa.runtimeapi.http.Http1Client;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An invocation whose deadline has passed before lwa could forward it is answered at once, saying so. */
class LateInvocationTest {

    @Test
    void anInvocationPastItsDeadlineIsNotSentAndTheAnswerSaysWhy() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        HttpServer app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        app.createContext("/", ex -> {
            asked.incrementAndGet();
            try (ex) {
                ex.sendResponseHeaders(200, -1);
            }
        });
        app.start();
        try (Http1Client client = Http1Client.builder("127.0.0.1", app.getAddress().getPort()).build()) {
            Config config = Config.fromEnv(Map.of("AWS_LWA_PORT", String.valueOf(app.getAddress().getPort())));
            InvocationHandler handler = new InvocationHandler(config.app(), config.forwarding(),
                    new AppForwarder(client, config.forwarding(), config.function()), AppReadiness.alreadyReady(), Optional.empty());
            byte[] event = ("{\"version\":\"2.0\",\"rawPath\":\"/x\",\"rawQueryString\":\"\",\"headers\":{},"
                    + "\"requestContext\":{\"http\":{\"method\":\"GET\",\"path\":\"/x\"},\"stage\":\"$default\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            Invocation late = new Invocation("req-late", System.currentTimeMillis() - 5_000, Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), event);

            Outcome.Failed failed = assertInstanceOf(Outcome.Failed.class, handler.handle(late));
            assertEquals(ErrorTypes.APP_TIMEOUT, failed.errorType());
            assertTrue(failed.message().contains("deadline had passed") && failed.message().contains("the app was not asked"),
                    failed.message());
            assertEquals(0, asked.get(), "the app saw nothing");
        } finally {
            app.stop(0);
        }
    }
}
