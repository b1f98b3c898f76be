package dev.lwa.benchmarks;

import dev.lwa.core.event.EventKind;
import dev.lwa.core.event.EventParser;
import dev.lwa.core.event.InvalidEventException;
import dev.lwa.core.event.LambdaEvent;
import dev.lwa.core.response.BufferedResponse;
import dev.lwa.core.response.Envelope;
import dev.lwa.core.response.Envelopes;
import dev.lwa.runtimeapi.http.Headers;
import dev.lwa.runtimeapi.http.RequestBody;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The body path at each size, without sockets: what lwa does with the bytes of a body between
 * reading them and writing them. {@code eventBody}: an HTTP API v2 event whose JSON body has
 * {@code size} bytes, checked and read ({@link EventParser#parse}), its body written out as the app
 * receives it. {@code resultBody}: the app's JSON answer of {@code size} bytes made into the
 * envelope ({@link Envelopes#envelope}) and written out as the Runtime API receives it, its length
 * announced first; {@code passThroughResult}: the same answer to a pass-through event. The sink counts bytes and drops them, as a socket's buffer would take them.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss256k", "-Xmx256m", "-XX:-UsePerfData"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@BenchmarkMode(Mode.AverageTime)
public class BodyPathBenchmark {

    @Param({"65536", "1048576", "6000000"})
    public int size;

    /**
     * The body: {@code letters}, {"message":"abc…"} (four quotes in all, so the scans run long),
     * {@code json}, an API's answer (an array of small objects: a quote every four or five bytes),
     * {@code utf8}, {"message":"日本語…"} (text in another script: a three-byte sequence after another),
     * or {@code binary}, random bytes (base64 in the event, {@code application/octet-stream}
     * answered, so base64 in the result too).
     */
    @Param({"letters", "json", "utf8", "binary"})
    public String body;

    private byte[] event;
    private BufferedResponse answer;
    private final CountingSink sink = new CountingSink();

    /** Counts what is written and keeps nothing. */
    static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    @Setup
    public void setUp() {
        if (body.equals("binary")) {
            event = Events.binaryEvent(size);
            answer = new BufferedResponse(200, Headers.of("Content-Type", "application/octet-stream"), Events.binaryData(size));
            return;
        }
        String text = switch (body) {
            case "json" -> Events.jsonDocument(size);
            case "utf8" -> Events.jsonUtf8Text(size);
            default -> Events.jsonText(size);
        };
        event = Events.event(Events.Kind.HTTP_V2, text);
        answer = new BufferedResponse(200, Headers.of("Content-Type", "application/json"), text.getBytes(StandardCharsets.UTF_8));
    }

    @Benchmark
    public long eventBody() throws InvalidEventException, IOException {
        LambdaEvent.Http http = (LambdaEvent.Http) EventParser.parse(event);
        switch (http.request().body()) {
            case RequestBody.Sized s -> s.body().writeTo(sink); // text or base64: written from the event's bytes
            default -> throw new IllegalStateException("no body: " + http.request().body());
        }
        return sink.count;
    }

    @Benchmark
    public long resultBody() throws IOException {
        Envelope envelope = Envelopes.envelope(EventKind.HTTP_API, answer);
        envelope.writeTo(sink);
        return sink.count + envelope.length();
    }

    /**
     * The same answer to a pass-through event (an SQS batch, say): checked as one JSON value and
     * passed on compact ({@code binary}: not text, so {@code null}).
     */
    @Benchmark
    public long passThroughResult() throws IOException {
        Envelope envelope = Envelopes.envelope(EventKind.PASS_THROUGH, answer);
        envelope.writeTo(sink);
        return sink.count + envelope.length();
    }

    /** A quick check that both measure the whole body (used by the module's tests). */
    static long[] check(int size, String body) throws Exception {
        BodyPathBenchmark b = new BodyPathBenchmark();
        b.size = size;
        b.body = body;
        b.setUp();
        long in = b.eventBody();
        b.sink.count = 0;
        b.resultBody();
        return new long[]{in, b.sink.count, Events.jsonBody(size).length, new String(b.event, StandardCharsets.UTF_8).length()};
    }
}
