package dev.lwa.core.pipeline;

import dev.lwa.core.response.Envelope;

import java.util.Objects;

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

    /** Already sent to the Runtime API as a stream by the streaming writer; nothing left to post. */
    record Streamed(long bodyBytes) implements Outcome {
    }

    /** An error posted to {@code /error}: {@code errorType} is one of {@link ErrorTypes}. */
    record Failed(String errorType, String message) implements Outcome {
        public Failed {
            Objects.requireNonNull(errorType, "errorType");
            Objects.requireNonNull(message, "message");
        }
    }
}
