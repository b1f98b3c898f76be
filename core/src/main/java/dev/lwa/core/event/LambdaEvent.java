package dev.lwa.core.event;

import dev.lwa.core.http.AppRequest;

/** An invocation's event, recognised. */
public sealed interface LambdaEvent {

    EventKind kind();

    /**
     * An event from an HTTP trigger.
     *
     * @param requestContextJson the event's {@code requestContext}, compact JSON, for {@code x-amzn-request-context}
     */
    record Http(EventKind kind, AppRequest request, String requestContextJson) implements LambdaEvent {
    }

    /** Any other JSON value: posted as is to the pass-through path. */
    record PassThrough(byte[] json) implements LambdaEvent {
        @Override
        public EventKind kind() {
            return EventKind.PASS_THROUGH;
        }
    }
}
