package dev.lwa.benchmarks;

import dev.lwa.core.event.EventKind;
import dev.lwa.core.event.EventParser;
import dev.lwa.core.event.InvalidEventException;
import dev.lwa.core.event.LambdaEvent;
import dev.lwa.core.http.AppForwarder;
import dev.lwa.core.pipeline.InvocationHandler;
import dev.lwa.core.pipeline.Outcome;
import dev.lwa.core.response.BufferedResponse;
import dev.lwa.core.response.Envelopes;
import dev.lwa.runtimeapi.Invocation;
import dev.lwa.runtimeapi.http.Headers;
import dev.lwa.runtimeapi.http.Http1Request;
import dev.lwa.runtimeapi.http.Http1Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The adapter's per-invoke hot path in one JVM, without the Runtime API: event bytes →
 * {@link InvocationHandler#handle} → request to a loopback app → response → envelope bytes.
 *
 * <ul>
 *   <li>{@code handler}: the whole path against {@link FixedResponseServer} (app cost ≈ 0);</li>
 *   <li>{@code handlerJdkServer}: the same against the JDK's com.sun.net.httpserver;</li>
 *   <li>{@code direct}: the same HTTP exchange (the request the adapter builds, read to the end)
 *       sent straight with our Http1Client, so {@code handler − direct} is what mapping adds;</li>
 *   <li>{@code mapping}, {@code mapEvent}, {@code mapResponse}: the mapping alone, no I/O —
 *       event parse + app request build, envelope write, and both.</li>
 * </ul>
 *
 * The fork runs with the launcher's JVM flags (C1 only, SerialGC, small heap), because that is how
 * the adapter runs in Lambda; see docs/performance.md for the command and a C2 comparison.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss256k", "-XX:MaxRAM=256m", "-XX:-UsePerfData"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InvokePathBenchmark {

    @Param({"HTTP_V2", "REST_V1", "SQS"})
    public String kind;

    /** Request body in the event and response body from the app, in bytes. */
    @Param({"64", "65536"})
    public int bodySize;

    private FixedResponseServer fixedApp;
    private JdkServerApp jdkApp;
    private HotPath fixed;
    private HotPath jdk;
    private Invocation invocation;
    private Http1Request directRequest;
    private EventKind eventKind;
    private BufferedResponse appResponse;

    @Setup(Level.Trial)
    public void setUp() throws IOException, InvalidEventException {
        Events.Kind k = Events.Kind.parse(kind);
        byte[] body = Events.jsonBody(bodySize);
        fixedApp = FixedResponseServer.start(body, "application/json");
        jdkApp = JdkServerApp.start(body, "application/json");
        fixed = new HotPath(fixedApp.port());
        jdk = new HotPath(jdkApp.port());
        invocation = HotPath.invocation(Events.event(k, bodySize));
        directRequest = fixed.appRequest(invocation);
        eventKind = EventParser.parse(invocation.event()).kind();
        appResponse = new BufferedResponse(200, Headers.of("Content-Type", "application/json",
                "Content-Length", Integer.toString(body.length)), body);
        check(k, fixed.payload(invocation), "handler");
        check(k, jdk.payload(invocation), "handlerJdkServer");
        check(k, mapOnce(), "mapping");
    }

    /** Refuses to measure an error path: the event must be recognised and the result a 200 envelope. */
    static void check(Events.Kind k, byte[] payload, String what) {
        String text = new String(payload, StandardCharsets.UTF_8);
        boolean ok = switch (k) {
            case HTTP_V2, REST_V1 -> text.startsWith("{\"statusCode\":200,") && text.contains("abcdefghij");
            case SQS -> text.startsWith("{\"message\":");
        };
        if (!ok) {
            throw new IllegalStateException(what + " for " + k + " produced an unexpected result: "
                    + text.substring(0, Math.min(200, text.length())));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fixed.close();
        jdk.close();
        fixedApp.close();
        jdkApp.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public Outcome handler() {
        return fixed.handle(invocation);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public Outcome handlerJdkServer() {
        return jdk.handle(invocation);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public byte[] direct() throws IOException {
        try (Http1Response r = fixed.client().send(directRequest)) {
            return r.readBody(InvocationHandler.MAX_BUFFERED_PAYLOAD);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public byte[] mapping(Blackhole bh) throws InvalidEventException {
        LambdaEvent event = EventParser.parse(invocation.event());
        bh.consume(fixed.forwarder().request(event, invocation, AppForwarder.appDeadline(invocation.deadlineEpochMs())));
        return Envelopes.write(event.kind(), appResponse);
    }

    /** What {@link #mapping} computes, for the set-up check and {@link #main}. */
    private byte[] mapOnce() throws InvalidEventException {
        LambdaEvent event = EventParser.parse(invocation.event());
        fixed.forwarder().request(event, invocation, AppForwarder.appDeadline(invocation.deadlineEpochMs()));
        return Envelopes.write(event.kind(), appResponse);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public Http1Request mapEvent() throws InvalidEventException {
        return fixed.forwarder().request(EventParser.parse(invocation.event()), invocation, AppForwarder.appDeadline(invocation.deadlineEpochMs()));
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public byte[] mapResponse() {
        return Envelopes.write(eventKind, appResponse);
    }

    /** Quick self-check without JMH: one pass of each benchmark method. */
    public static void main(String[] args) throws Exception {
        for (String k : new String[] {"HTTP_V2", "REST_V1", "SQS"}) {
            for (int size : new int[] {64, 65536}) {
                InvokePathBenchmark b = new InvokePathBenchmark();
                b.kind = k;
                b.bodySize = size;
                b.setUp();
                b.handler();
                b.handlerJdkServer();
                byte[] direct = b.direct();
                b.mapEvent();
                b.mapResponse();
                System.out.println(k + " " + size + ": ok, app body " + direct.length + " bytes, result "
                        + b.mapOnce().length + " bytes, " + b.fixedApp.requests() + " requests to the app");
                b.tearDown();
            }
        }
    }
}
