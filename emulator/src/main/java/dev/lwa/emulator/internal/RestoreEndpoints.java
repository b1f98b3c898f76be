package dev.lwa.emulator.internal;

import dev.lwa.emulator.ErrorInfo;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.time.Duration;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * SnapStart's Runtime API routes, {@code GET /runtime/restore/next} and
 * {@code POST /runtime/restore/error}; they exist only for {@code snap-start} functions.
 */
public final class RestoreEndpoints {

    private static final System.Logger LOG = System.getLogger(RestoreEndpoints.class.getName());
    /** RAPID keeps a restore error's type only when it looks like a Lambda error type. */
    private static final Pattern ERROR_TYPE = Pattern.compile("(Runtime|Function)\\.[A-Z][a-zA-Z]+");

    private final FunctionConfig config;
    private final RuntimeLifecycle lifecycle;
    /** Held restore/next calls whose answer is not written yet; guarded by {@code this}. */
    private int answering;

    public RestoreEndpoints(FunctionConfig config, RuntimeLifecycle lifecycle) {
        this.config = config;
        this.lifecycle = lifecycle;
    }

    boolean enabled() {
        return config.snapStart();
    }

    void next(Response response, Callback callback) throws InterruptedException {
        switch (lifecycle.restoreNext()) {
            case RuntimeLifecycle.RestoreNext.Refused(ApiError error) -> JettyIO.sendError(response, callback, error);
            case RuntimeLifecycle.RestoreNext.Held(var release) -> {
                synchronized (this) {
                    answering++;
                }
                Callback answered = Callback.from(callback, this::answered);
                try {
                    release.get(); // the snapshot is taken while the runtime waits here
                } catch (ExecutionException closed) {
                    JettyIO.sendErrorAndClose(response, answered, ApiError.shuttingDown());
                    return;
                } catch (InterruptedException e) {
                    answered(); // nothing is written here: ApiHandler answers the request for the exception
                    throw e;
                }
                JettyIO.send(response, answered, 200, Map.of(), "application/json", new byte[0]);
            }
        }
    }

    private synchronized void answered() {
        answering--;
        notifyAll();
    }

    /**
     * Waits until every held restore/next has written its answer (after {@link RuntimeLifecycle#close}
     * released them), at most {@code timeout}: stopping Jetty while such an answer is being written
     * could leave the runtime's call open (seen 13 times in 300 closes on a busy machine).
     */
    synchronized void awaitAnswered(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (answering > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    void error(Request request, Response response, Callback callback) throws IOException {
        switch (LimitedBody.read(request, FunctionConfig.MAX_ERROR_BODY_BYTES)) {
            case LimitedBody.TooLarge(long limit, boolean consumed) ->
                    JettyIO.sendErrorAndClose(response, callback, ApiError.tooLarge(limit));
            case LimitedBody.Complete(byte[] bytes, Map<String, String> trailers, long firstByteNanos) -> {
                var refused = lifecycle.restoreError(errorInfo(request, bytes));
                if (refused.isPresent()) {
                    JettyIO.sendError(response, callback, refused.get());
                } else {
                    LOG.log(Level.DEBUG, "runtime restore error");
                    JettyIO.sendAccepted(response, callback);
                }
            }
        }
    }

    /** A restore's error: the header's type when it is well formed, else {@code Runtime.Unknown}. */
    static ErrorInfo errorInfo(Request request, byte[] body) {
        String type = JettyIO.header(request, RuntimeEndpoints.ERROR_TYPE).map(String::trim)
                .filter(t -> ERROR_TYPE.matcher(t).matches()).orElse("Runtime.Unknown");
        return new ErrorInfo(type, body, JettyIO.headers(request.getHeaders()));
    }
}
