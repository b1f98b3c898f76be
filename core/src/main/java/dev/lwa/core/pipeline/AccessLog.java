package dev.lwa.core.pipeline;

import dev.lwa.runtimeapi.http.RequestBody;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * What an invocation did, noted as it goes, for its access-log line ({@code AWS_LWA_ACCESS_LOG}).
 * With the log off the handler notes into {@link #OFF}, which keeps nothing: no allocation and no
 * line per invocation.
 */
class AccessLog {
    private static final System.Logger LOG = System.getLogger("lwa.access");

    /** Notes nothing and logs nothing. */
    static final AccessLog OFF = new AccessLog();

    private AccessLog() {
    }

    /** A new record of one invocation, started now. */
    static AccessLog start() {
        return new Recording(System.nanoTime());
    }

    /** The request as sent to the app; {@code target} may carry a query, which is not logged. */
    void request(String method, String target, RequestBody body) {
    }

    /** The status the caller got, the app's or lwa's own. */
    void status(int status) {
    }

    /** Writes the line for how the invocation ended. */
    void finish(Outcome outcome) {
    }

    private static final class Recording extends AccessLog {
        private final long startNanos;
        private String method = "-";
        private String path = "-";
        private long bytesIn;
        private OptionalInt status = OptionalInt.empty();

        Recording(long startNanos) {
            this.startNanos = startNanos;
        }

        @Override
        void request(String method, String target, RequestBody body) {
            int q = target.indexOf('?'); // the query may hold what should not be logged
            this.method = method;
            this.path = q < 0 ? target : target.substring(0, q);
            this.bytesIn = length(body);
        }

        @Override
        void status(int status) {
            this.status = OptionalInt.of(status);
        }

        @Override
        void finish(Outcome outcome) {
            long out = outcome instanceof Outcome.Buffered b ? b.envelope().bodyLength()
                    : outcome instanceof Outcome.Streamed s ? s.bodyBytes() : 0;
            Optional<String> error = outcome instanceof Outcome.Failed f ? Optional.of(f.errorType())
                    : outcome instanceof Outcome.Streamed s ? s.errorType() : Optional.empty();
            LOG.log(System.Logger.Level.INFO, "{0}", new AccessLine(method, path, status, error,
                    (System.nanoTime() - startNanos) / 1_000_000, bytesIn, out));
        }

        private static long length(RequestBody body) {
            return body instanceof RequestBody.Bytes b ? b.bytes().length
                    : body instanceof RequestBody.Sized s ? s.body().length() : 0;
        }
    }
}
