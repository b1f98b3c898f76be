package dev.lwa.core.pipeline;

import dev.lwa.core.event.LambdaEvent;
import dev.lwa.runtimeapi.Invocation;
import dev.lwa.runtimeapi.http.Http1Response;

/**
 * Streams an app response to the Runtime API ({@code AWS_LWA_INVOKE_MODE=response_stream}).
 * Implemented by the streaming module; core only decides when to call it.
 */
public interface StreamingWriter {
    /** Sends the response and returns {@link Outcome.Streamed}, or a {@link Outcome.Failed} when nothing could be sent yet. */
    Outcome stream(Invocation invocation, LambdaEvent event, Http1Response response);
}
