package dev.lwa.core.pipeline;

import dev.lwa.core.event.LambdaEvent;
import dev.lwa.runtimeapi.Invocation;
import dev.lwa.runtimeapi.http.Http1Response;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Streams an app response to the Runtime API ({@code AWS_LWA_INVOKE_MODE=response_stream}).
 * Implemented by the streaming module; core only decides when to call it.
 */
public interface StreamingWriter {
    /**
     * Sends the response and returns {@link Outcome.Streamed}, or a {@link Outcome.Failed} when nothing could be sent yet.
     *
     * @param cutBecause once the stop has cut the app's response ({@link StreamClaim}): what the error trailers say
     */
    Outcome stream(Invocation invocation, LambdaEvent event, Http1Response response, Supplier<Optional<String>> cutBecause);
}
