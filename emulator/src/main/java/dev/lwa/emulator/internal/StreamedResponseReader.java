package dev.lwa.emulator.internal;

import dev.lwa.emulator.StreamListener;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a streamed {@code /response} ({@code Lambda-Runtime-Function-Response-Mode: streaming}) as it
 * arrives: counts it against the cap, splits off the prelude of an http-integration response, and
 * hands each piece to the invocation's {@link StreamListener} on this thread.
 */
final class StreamedResponseReader {

    private final FunctionConfig config;
    private final InvocationBroker broker;
    private final AnswerCompletion answers;

    StreamedResponseReader(FunctionConfig config, InvocationBroker broker, AnswerCompletion answers) {
        this.config = config;
        this.broker = broker;
        this.answers = answers;
    }

    void read(PendingInvocation invocation, AnswerProgress progress, Request request, Response response,
              Callback callback) {
        StreamListener listener = invocation.listener();
        Listening.call(listener, "onStreamStart", () -> listener.onStreamStart(progress.contentType()));
        boolean integration = progress.contentType().map(RuntimeEndpoints::isHttpIntegration).orElse(false);
        PreludeSplitter splitter = new PreludeSplitter();
        Map<String, String> trailers = new LinkedHashMap<>();
        try {
            while (true) {
                Content.Chunk chunk = JettyIO.read(request);
                boolean last;
                try {
                    last = chunk.isLast();
                    trailers.putAll(JettyIO.trailers(chunk));
                    if (chunk.hasRemaining()) {
                        long now = System.nanoTime();
                        byte[] bytes = JettyIO.bytes(chunk);
                        progress.received(bytes.length, now);
                        if (progress.bytesReceived() > config.maxStreamedResponseBytes()) {
                            Listening.call(listener, "onEnd", () -> listener.onEnd(Map.of()));
                            answers.tooLarge(invocation, progress, config.maxStreamedResponseBytes(), now);
                            JettyIO.sendErrorAndClose(response, callback, ApiError.tooLarge(config.maxStreamedResponseBytes()));
                            return;
                        }
                        byte[] body = bytes;
                        if (integration && !splitter.preludeFound()) {
                            PreludeSplitter.Split split = splitter.feed(bytes);
                            split.prelude().ifPresent(prelude -> {
                                progress.prelude(prelude);
                                Listening.call(listener, "onPrelude", () -> listener.onPrelude(prelude));
                            });
                            body = split.body();
                        }
                        deliver(listener, progress, body, now);
                    }
                } finally {
                    chunk.release();
                }
                if (!broker.stillRunning(invocation)) {
                    Listening.call(listener, "onEnd", () -> listener.onEnd(Map.copyOf(trailers)));
                    JettyIO.sendErrorAndClose(response, callback, ApiError.invokeTimeout(invocation.requestId()));
                    return;
                }
                if (last) {
                    break;
                }
            }
        } catch (IOException e) {
            Listening.call(listener, "onEnd", () -> listener.onEnd(Map.copyOf(trailers)));
            answers.truncated(invocation, progress, e);
            callback.failed(e);
            return;
        }
        // a stream that never had the 8 NULs: all of it is body after all
        deliver(listener, progress, splitter.unsplit(), System.nanoTime());
        progress.trailers(trailers);
        Listening.call(listener, "onEnd", () -> listener.onEnd(Map.copyOf(trailers)));
        answers.finish(invocation, progress, trailers, response, callback);
    }

    private static void deliver(StreamListener listener, AnswerProgress progress, byte[] body, long nanos) {
        if (body.length > 0) {
            progress.body(body);
            Listening.call(listener, "onBody", () -> listener.onBody(body, nanos));
        }
    }
}
