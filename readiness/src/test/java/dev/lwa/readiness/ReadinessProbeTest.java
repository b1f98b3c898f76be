package dev.lwa.readiness;

import dev.lwa.runtimeapi.testing.PortReservation;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadinessProbeTest {

    static final IntPredicate DEFAULT_HEALTHY = s -> s >= 100 && s <= 499;

    private HttpServer app;
    private final AtomicInteger status = new AtomicInteger(200);
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private int startApp() throws IOException {
        app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        app.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI()
                    + " host=" + exchange.getRequestHeaders().getFirst("Host")
                    + " connection=" + exchange.getRequestHeaders().getFirst("Connection")
                    + " body=" + exchange.getRequestBody().readAllBytes().length);
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        app.start();
        return app.getAddress().getPort();
    }

    @AfterEach
    void stopApp() {
        if (app != null) {
            app.stop(0);
        }
    }

    @Test
    void httpProbeSendsAPlainGetWithHostAndConnectionClose() throws IOException {
        int port = startApp();
        ProbeResult r = ReadinessProbe.http("127.0.0.1", port, "/health?deep=1", DEFAULT_HEALTHY).probe();
        assertEquals(new ProbeResult.Healthy("status 200"), r);
        assertEquals(List.of("GET /health?deep=1 host=127.0.0.1:" + port + " connection=close body=0"), requests);
    }

    @Test
    void defaultHealthyRangeCounts404AsReady() throws IOException {
        int port = startApp();
        status.set(404);
        assertEquals(new ProbeResult.Healthy("status 404"), ReadinessProbe.http("127.0.0.1", port, "/", DEFAULT_HEALTHY).probe());
    }

    @Test
    void customHealthyRangeMakes404Unhealthy() throws IOException {
        int port = startApp();
        status.set(404);
        IntPredicate twoHundredTo399 = s -> s >= 200 && s <= 399;
        assertEquals(new ProbeResult.Unhealthy("status 404"), ReadinessProbe.http("127.0.0.1", port, "/", twoHundredTo399).probe());
    }

    @Test
    void serverErrorIsUnhealthyWithTheDefaultRange() throws IOException {
        int port = startApp();
        status.set(503);
        assertEquals(new ProbeResult.Unhealthy("status 503"), ReadinessProbe.http("127.0.0.1", port, "/", DEFAULT_HEALTHY).probe());
    }

    @Test
    void nothingListeningIsConnectionRefused() {
        try (PortReservation nothing = PortReservation.reserve()) {
            int port = nothing.port();
            assertEquals(new ProbeResult.Unhealthy("connection refused"), ReadinessProbe.http("127.0.0.1", port, "/", DEFAULT_HEALTHY).probe());
            assertEquals(new ProbeResult.Unhealthy("connection refused"), ReadinessProbe.tcp("127.0.0.1", port).probe());
        }
    }

    @Test
    void appThatAcceptsButNeverAnswersDoesNotHangTheAttempt() throws IOException {
        // the kernel completes the handshake from the backlog; nobody ever reads or writes
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ReadinessProbe probe = ReadinessProbe.http("127.0.0.1", silent.getLocalPort(), "/", DEFAULT_HEALTHY);
            ProbeResult r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> probe.probe(Duration.ofMillis(300)));
            assertEquals(new ProbeResult.Unhealthy("timed out after 300 ms waiting for the status line"), r);
        }
    }

    @Test
    void connectionClosedWithoutAnswerIsUnhealthy() throws IOException {
        try (RawServer rude = new RawServer(socket -> socket.close())) {
            ProbeResult r = ReadinessProbe.http("127.0.0.1", rude.port(), "/", DEFAULT_HEALTHY).probe();
            assertInstanceOf(ProbeResult.Unhealthy.class, r);
        }
    }

    @Test
    void somethingThatIsNotHttpIsUnhealthyAndSaysWhatCame() throws IOException {
        try (RawServer ssh = new RawServer(socket -> {
            socket.getOutputStream().write("SSH-2.0-OpenSSH_9.6\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        })) {
            ProbeResult r = ReadinessProbe.http("127.0.0.1", ssh.port(), "/", DEFAULT_HEALTHY).probe();
            assertEquals(new ProbeResult.Unhealthy("not an HTTP status line: 'SSH-2.0-OpenSSH_9.6'"), r);
        }
    }

    @Test
    void interimEarlyHintsDoNotDecideReadiness() throws IOException {
        try (RawServer hints = new RawServer(socket -> {
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                    + "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        })) {
            ProbeResult r = ReadinessProbe.http("127.0.0.1", hints.port(), "/", DEFAULT_HEALTHY).probe();
            assertEquals(new ProbeResult.Unhealthy("status 503"), r);
        }
    }

    @Test
    void tcpProbeIsHealthyAsSoonAsSomethingListens() throws IOException {
        try (ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertEquals(new ProbeResult.Healthy("connected"), ReadinessProbe.tcp("127.0.0.1", listening.getLocalPort()).probe());
        }
    }

    @Test
    void localhostNameIsResolved() throws IOException {
        int port = startApp();
        // the app listens on the loopback address; "localhost" must resolve to it on this machine
        assertInstanceOf(ProbeResult.Healthy.class, ReadinessProbe.tcp("localhost", port).probe());
    }

    @Test
    void theAnyAddressIsThisMachinesLoopback() throws IOException {
        int port = startApp(); // 127.0.0.1
        // HOST=0.0.0.0, as a Dockerfile sets it to make the app listen everywhere
        assertEquals(new ProbeResult.Healthy("status 200"), ReadinessProbe.http("0.0.0.0", port, "/", DEFAULT_HEALTHY).probe());
        assertEquals(new ProbeResult.Healthy("connected"), ReadinessProbe.tcp("0.0.0.0", port).probe());
    }

    @Test
    void theIpv6AnyAddressIsTheIpv6Loopback() throws IOException {
        // a plain Socket sends [::] to the address of the machine's name (127.0.0.1 here): refused
        try (ServerSocket v6 = new ServerSocket(0, 50, InetAddress.getByName("::1"))) {
            assertEquals(new ProbeResult.Healthy("connected"), ReadinessProbe.tcp("[::]", v6.getLocalPort()).probe());
        }
    }

    @Test
    void everyAddressOfTheNameIsTriedInTurn() throws IOException {
        int port = startApp(); // 127.0.0.1 only: 127.0.0.2, also loopback, refuses
        Endpoint endpoint = new Endpoint("app.example", port);
        InetAddress refusing = InetAddress.getByAddress("app.example", new byte[]{127, 0, 0, 2});
        InetAddress listening = InetAddress.getByAddress("app.example", new byte[]{127, 0, 0, 1});
        try (var socket = endpoint.connect(new InetAddress[]{refusing, listening}, Endpoint.deadline(Duration.ofSeconds(30)))) {
            assertEquals(listening, socket.getInetAddress());
        }
        assertThrows(java.net.ConnectException.class,
                () -> endpoint.connect(new InetAddress[]{refusing}, Endpoint.deadline(Duration.ofSeconds(30))).close());
        // an address this machine cannot reach at all (unreachable, or silent until the connect
        // slice ends) does not stop the walk either
        InetAddress unreachable = InetAddress.getByAddress("app.example", new byte[]{(byte) 224, 0, 0, 1});
        try (var socket = endpoint.connect(new InetAddress[]{unreachable, listening}, Endpoint.deadline(Duration.ofSeconds(30)))) {
            assertEquals(listening, socket.getInetAddress());
        }
    }

    @Test
    void unknownHostIsUnhealthyNotAnException() {
        ProbeResult r = ReadinessProbe.tcp("no-such-host.invalid", 8080).probe();
        assertEquals(new ProbeResult.Unhealthy("unknown host no-such-host.invalid"), r);
    }

    @Test
    void targetsAreTheUrlsThatAppearInLogs() {
        assertEquals("http://127.0.0.1:8080/", ReadinessProbe.http("127.0.0.1", 8080, "/", DEFAULT_HEALTHY).target());
        assertEquals("http://[::1]:3000/ping?x=1", ReadinessProbe.http("[::1]", 3000, "/ping?x=1", DEFAULT_HEALTHY).target());
        assertEquals("tcp://localhost:8080", ReadinessProbe.tcp("localhost", 8080).target());
    }

    @Test
    void requestLineEncodesWhatWouldBreakItAndDropsTheFragment() {
        assertEquals("/health%20check?a=%22b%22", HttpProbe.requestTarget("/health check?a=\"b\""));
        assertEquals("/A%C3%B1o", HttpProbe.requestTarget("/Año"));
        assertEquals("/health", HttpProbe.requestTarget("/health#top"));
        assertEquals("/already%20encoded", HttpProbe.requestTarget("/already%20encoded"));
    }

    @Test
    void statusLineParsing() throws IOException {
        assertEquals(200, HttpProbe.parseStatusLine("HTTP/1.1 200 OK"));
        assertEquals(204, HttpProbe.parseStatusLine("HTTP/1.0 204"));
        assertEquals(500, HttpProbe.parseStatusLine("HTTP/1.1 500 "));
        assertThrows(HttpProbe.MalformedStatusLine.class, () -> HttpProbe.parseStatusLine("HTTP/1.1 20 OK"));
        assertThrows(HttpProbe.MalformedStatusLine.class, () -> HttpProbe.parseStatusLine("HTTP/1.1 2000 OK"));
        assertThrows(HttpProbe.MalformedStatusLine.class, () -> HttpProbe.parseStatusLine(""));
    }

    @Test
    void controlCharactersInAStatusLineAreShownAsQuestionMarks() {
        HttpProbe.MalformedStatusLine e = assertThrows(HttpProbe.MalformedStatusLine.class,
                () -> HttpProbe.parseStatusLine("SSH\u0000\u001b[1m\t\u007f\u0085\u00ff ~"));
        assertEquals("not an HTTP status line: 'SSH??[1m??\u0085\u00ff ~'", e.getMessage());
    }

    @Test
    void controlCharactersAreWhatPCntrlMatched() {
        // every char a status line can hold (ISO-8859-1) and the ellipsis, against the regex it replaced
        StringBuilder all = new StringBuilder();
        for (char c = 0; c <= 0xFF; c++) {
            all.append(c);
        }
        all.append('\u2026');
        String text = all.toString();
        assertEquals(text.replaceAll("\\p{Cntrl}", "?"), HttpProbe.withoutControls(text));
        assertEquals("", HttpProbe.withoutControls(""));
    }

    @Test
    void invalidArgumentsAreRejectedAtConstruction() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReadinessProbe.http("127.0.0.1", 8080, "health", DEFAULT_HEALTHY));
        assertTrue(e.getMessage().contains("'health'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReadinessProbe.tcp("127.0.0.1", 0));
        assertThrows(IllegalArgumentException.class, () -> ReadinessProbe.tcp("127.0.0.1", 65536));
        assertThrows(IllegalArgumentException.class, () -> ReadinessProbe.tcp("", 8080));
    }
}
