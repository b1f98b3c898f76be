package dev.lwa.core.event;

import dev.lwa.runtimeapi.http.RequestBody;

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

    /** Any other JSON value: posted as is to the pass-through path. */
    record PassThrough(byte[] json) implements LambdaEvent {
        @Override
        public EventKind kind() {
            return EventKind.PASS_THROUGH;
        }

        @Override
        public PassThrough withoutBody() {
            return new PassThrough(new byte[0]);
        }
    }
}
