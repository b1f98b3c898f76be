package dev.lwa.streaming;

import dev.lwa.core.compress.Compression;
import dev.lwa.core.event.LambdaEvent;
import dev.lwa.core.pipeline.ErrorTypes;
import dev.lwa.core.pipeline.Outcome;
import dev.lwa.core.pipeline.StreamingWriter;
import dev.lwa.core.response.LocalResponse;
import dev.lwa.runtimeapi.Invocation;
import dev.lwa.runtimeapi.RuntimeApiClient;
import dev.lwa.runtimeapi.RuntimeApiException;
import dev.lwa.runtimeapi.http.Http1Response;
import dev.lwa.streaming.internal.BodyRelay;
import dev.lwa.streaming.internal.BodySink;
import dev.lwa.streaming.internal.ErrorTrailers;
import dev.lwa.streaming.internal.Prelude;
import dev.lwa.streaming.internal.SentCount;
import dev.lwa.streaming.internal.StreamCompression;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Streams an app response to the Runtime API (docs/protocols.md, "Response streaming"): the JSON prelude and 8 NUL bytes
 * at once, then each piece of body as soon as the app sends it, compressed if asked (D5). A failure
 * after the prelude is reported in real HTTP trailers (D4), not as text inside the body.
 *
 * <p>Memory per invocation is one read buffer, the client's chunk buffer and, when compressing, the
 * encoder's state, whatever the body size.
 */
public final class ResponseStreamer implements StreamingWriter {
    public static final String CONTENT_TYPE = "application/vnd.awslambda.http-integration-response";
    private static final System.Logger LOG = System.getLogger("lwa.stream");

    private final RuntimeApiClient runtime;
    private final boolean compression;

    /** Without compression. */
    public ResponseStreamer(RuntimeApiClient runtime) {
        this(runtime, false);
    }

    /** @param compression {@code AWS_LWA_ENABLE_COMPRESSION}: compress where buffered mode would (D5) */
    public ResponseStreamer(RuntimeApiClient runtime, boolean compression) {
        this.runtime = runtime;
        this.compression = compression;
    }

    @Override
    public Outcome stream(Invocation inv, LambdaEvent event, Http1Response response, Supplier<Optional<String>> cutBecause) {
        // an answer lwa gives itself (a refused SnapStart hook path) has no header and no body: no
        // content type made up for it, nothing to compress
        boolean own = response instanceof LocalResponse;
        StreamCompression.Decision decision = compression && !own
                ? StreamCompression.decide(event, response.status(), response.headers())
                : new StreamCompression.Decision(response.headers(), Optional.empty());
        byte[] prelude = Prelude.frame(response.status(), decision.headers(),
                !own && !Prelude.bodiless(event, response.status(), response.headers()));
        BodyRelay relay = new BodyRelay(response.body());
        // set by the writer, read once respondStreaming has returned (same thread)
        var ended = new Object() {
            Optional<BodyRelay.Result> result = Optional.empty();
            /** Body bytes handed to the Runtime API, compressed where they were. */
            SentCount sent;
        };
        try {
            runtime.respondStreaming(inv.requestId(), CONTENT_TYPE, out -> {
                // prelude and NULs leave now: the client has status and headers before the first body byte
                out.write(prelude);
                out.flush();
                ended.sent = new SentCount(out);
                BodyRelay.Result result = relay.relay(sink(ended.sent, decision));
                Optional<String> cut = cutBecause.get();
                if (result instanceof BodyRelay.Result.AppFailed && cut.isPresent()) {
                    // the stop cut the app's response: the app is not to blame
                    result = new BodyRelay.Result.AppFailed(result.appBytes(), ErrorTypes.SHUTDOWN,
                            cut.get() + "; it was cut after " + result.appBytes() + " body bytes");
                }
                ended.result = Optional.of(result);
                if (result instanceof BodyRelay.Result.AppFailed failed) {
                    out.trailers(ErrorTrailers.of(failed.errorType(), failed.message()));
                }
            });
        } catch (IOException | RuntimeException e) {
            // the Runtime API went away (or refused the stream): nobody is left to tell, the platform records it
            long sent = ended.sent == null ? 0 : ended.sent.bytes();
            LOG.log(System.Logger.Level.ERROR, "streaming the response to the Runtime API failed after {0} of the app''s body bytes"
                    + " ({1} sent): {2}", Long.toString(relay.bytesRead()), Long.toString(sent), e.toString());
            // the platform cut a stream over its cap (413): the client's answer ends there, too large
            Optional<String> type = e instanceof RuntimeApiException api && api.status() == 413
                    ? Optional.of(ErrorTypes.PAYLOAD_TOO_LARGE) : Optional.empty();
            return new Outcome.Streamed(sent, type);
        }
        if (ended.result.orElseThrow() instanceof BodyRelay.Result.AppFailed f) {
            LOG.log(System.Logger.Level.ERROR, "{0}: {1} (sent as error trailers)", f.errorType(), f.message());
            return new Outcome.Streamed(ended.sent.bytes(), Optional.of(f.errorType()));
        }
        return new Outcome.Streamed(ended.sent.bytes());
    }

    private static BodySink sink(java.io.OutputStream out, StreamCompression.Decision decision) throws IOException {
        return decision.coding().isPresent()
                ? BodySink.compressed(Compression.compressing(out, decision.coding().get()))
                : BodySink.plain(out);
    }
}
