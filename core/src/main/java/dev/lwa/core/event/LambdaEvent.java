package dev.lwa.core.event;

import dev.lwa.runtimeapi.http.RequestBody;

import java.util.Objects;
import java.util.Optional;

/** An invocation's event, recognised. */
public sealed interface LambdaEvent {

    EventKind kind();

    /** The same event without its body (or, for pass-through, its bytes): what is needed after the request has gone. */
    LambdaEvent withoutBody();

    /**
     * An event from an HTTP trigger.
     *
     * @param requestContextJson the event's {@code requestContext}, compact JSON, for {@code x-amzn-request-context}
     */
    record Http(EventKind kind, AppRequest request, String requestContextJson) implements LambdaEvent {
        @Override
        public Http withoutBody() {
            AppRequest r = request;
            return new Http(kind, new AppRequest(r.method(), r.rawPath(), r.rawQuery(), r.headers(), RequestBody.EMPTY),
                    requestContextJson);
        }
    }

    /**
     * Any other JSON value: posted as is to the pass-through path.
     *
     * @param source the service that sent it; empty unless the parse was asked to read it (only
     *               {@code AWS_LWA_PASS_THROUGH_ROUTES} or {@code AWS_LWA_EVENT_SOURCE_HEADER} need it)
     */
    record PassThrough(byte[] json, Optional<EventSource> source) implements LambdaEvent {
        public PassThrough {
            Objects.requireNonNull(json, "json");
            Objects.requireNonNull(source, "source");
        }

        /** Without its source read. */
        public PassThrough(byte[] json) {
            this(json, Optional.empty());
        }

        @Override
        public EventKind kind() {
            return EventKind.PASS_THROUGH;
        }

        @Override
        public PassThrough withoutBody() {
            return new PassThrough(new byte[0], source);
        }
    }
}
