package dev.lwa.core.pipeline;

import dev.lwa.core.response.Envelope;

import java.util.Objects;
import java.util.Optional;

/** What an invocation ended with; the {@link ResultWriter} posts it to the Runtime API. */
public sealed interface Outcome {

    /**
     * A whole function result, posted to {@code /response}, written from the app's bytes as it is sent.
     *
     * @param appBytes the bytes of the app's answer read for it: more than the envelope carries when
     *                 lwa compressed them, and what the heap grew by for the answer
     */
    record Buffered(Envelope envelope, long appBytes) implements Outcome {
        public Buffered {
            Objects.requireNonNull(envelope, "envelope");
        }

        public Buffered(Envelope envelope) {
            this(envelope, envelope.bodyLength());
        }
    }

    /**
     * Already sent to the Runtime API as a stream by the streaming writer; nothing left to post.
     *
     * @param errorType what ended the stream early after its prelude (sent as error trailers, or the
     *                  platform's cut): the invocation failed, though its status went out as the app's
     */
    record Streamed(long bodyBytes, Optional<String> errorType) implements Outcome {
        public Streamed {
            Objects.requireNonNull(errorType, "errorType");
        }

        /** A stream that ended as the app ended it. */
        public Streamed(long bodyBytes) {
            this(bodyBytes, Optional.empty());
        }
    }

    /** An error posted to {@code /error}: {@code errorType} is one of {@link ErrorTypes}. */
    record Failed(String errorType, String message) implements Outcome {
        public Failed {
            Objects.requireNonNull(errorType, "errorType");
            Objects.requireNonNull(message, "message");
        }
    }
}
