package dev.lwa.core.pipeline;

import dev.lwa.runtimeapi.http.Http1Response;

import java.util.Optional;

/**
 * How a streamed answer takes its invocation from the stop, and how the stop ends it ({@link
 * Pipeline#stop}): a stream that has not ended when the drain window is over has its app response
 * {@linkplain Http1Response#cut cut}, and ends with {@code lwa.Shutdown} error trailers rather than
 * being cut off silently when the process exits.
 */
public interface StreamClaim {
    /** For an invocation nothing else answers: always claimed, never cut. */
    StreamClaim UNCONTESTED = new StreamClaim() {
        @Override
        public boolean claim(Http1Response response) {
            return true;
        }

        @Override
        public Optional<String> cutBecause() {
            return Optional.empty();
        }
    };

    /**
     * Asked right before the stream starts.
     *
     * @return false when the stop has answered the invocation already ({@code lwa.Shutdown}): then
     *         nothing is streamed, so no invocation gets two answers. True: the stream is the
     *         answer, and the stop may cut {@code response} from now on.
     */
    boolean claim(Http1Response response);

    /** Once the stop has cut the stream: what its error trailers say. */
    Optional<String> cutBecause();
}
