package dev.lwa.emulator.internal;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.lang.System.Logger.Level;

/**
 * The one Jetty handler of the emulator's port: routes the Runtime API ({@code /2018-06-01}) and the
 * Extensions API ({@code /2020-01-01}). Blocking on purpose: it runs on virtual threads, and a
 * {@code /next} simply parks its thread until there is work.
 */
public final class ApiHandler extends Handler.Abstract {

    private static final System.Logger LOG = System.getLogger(ApiHandler.class.getName());
    private static final String RUNTIME = "/2018-06-01";
    private static final String EXTENSION = "/2020-01-01";
    private static final String INVOCATION = RUNTIME + "/runtime/invocation/";
    private static final String RESTORE = RUNTIME + "/runtime/restore/";

    private final RuntimeEndpoints runtime;
    private final RestoreEndpoints restore;
    private final ExtensionEndpoints extensions;
    private final RuntimeCallLog calls;

    public ApiHandler(RuntimeEndpoints runtime, RestoreEndpoints restore, ExtensionEndpoints extensions,
                      RuntimeCallLog calls) {
        super(InvocationType.BLOCKING);
        this.runtime = runtime;
        this.restore = restore;
        this.extensions = extensions;
        this.calls = calls;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        try {
            route(request, response, callback);
        } catch (Throwable t) {
            LOG.log(Level.WARNING, "{0} {1} failed: {2}", request.getMethod(), request.getHttpURI().getPath(), t.toString());
            if (response.isCommitted()) {
                callback.failed(t);
            } else {
                JettyIO.sendErrorAndClose(response, callback, new ApiError(500, "InternalServerError",
                        "Internal Server Error: " + t));
            }
        }
        return true;
    }

    private void route(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getDecodedPath();
        String method = request.getMethod();
        if (path.startsWith(RUNTIME + "/runtime/")) {
            calls.record(method, path, System.nanoTime());
        }
        if (path.startsWith(RESTORE) && !restore.enabled()) {
            notFound(method, path, response, callback); // SnapStart's routes exist only for snap-start functions
            return;
        }
        switch (path) {
            case RUNTIME + "/ping" -> expect("GET", method, response, callback, () -> runtime.ping(response, callback));
            case INVOCATION + "next" -> expect("GET", method, response, callback, () -> runtime.next(request, response, callback));
            case RESTORE + "next" -> expect("GET", method, response, callback, () -> restore.next(response, callback));
            case RESTORE + "error" -> expect("POST", method, response, callback, () -> restore.error(request, response, callback));
            case RUNTIME + "/runtime/init/error" -> expect("POST", method, response, callback, () -> runtime.initError(request, response, callback));
            case EXTENSION + "/extension/register" -> expect("POST", method, response, callback, () -> extensions.register(request, response, callback));
            case EXTENSION + "/extension/event/next" -> expect("GET", method, response, callback, () -> extensions.next(request, response, callback));
            case EXTENSION + "/extension/init/error" -> expect("POST", method, response, callback, () -> extensions.error(request, response, callback, true));
            case EXTENSION + "/extension/exit/error" -> expect("POST", method, response, callback, () -> extensions.error(request, response, callback, false));
            default -> {
                if (path.startsWith(INVOCATION) && path.endsWith("/response") && isOneSegment(path, "/response")) {
                    String id = path.substring(INVOCATION.length(), path.length() - "/response".length());
                    expect("POST", method, response, callback, () -> runtime.response(id, request, response, callback));
                } else if (path.startsWith(INVOCATION) && path.endsWith("/error") && isOneSegment(path, "/error")) {
                    String id = path.substring(INVOCATION.length(), path.length() - "/error".length());
                    expect("POST", method, response, callback, () -> runtime.error(id, request, response, callback));
                } else {
                    notFound(method, path, response, callback);
                }
            }
        }
    }

    private static void notFound(String method, String path, Response response, Callback callback) {
        JettyIO.sendError(response, callback, new ApiError(404, "NotFound", "No such endpoint: " + method + " " + path));
    }

    private static boolean isOneSegment(String path, String suffix) {
        String id = path.substring(INVOCATION.length(), path.length() - suffix.length());
        return !id.isEmpty() && id.indexOf('/') < 0;
    }

    @FunctionalInterface
    private interface Endpoint {
        void serve() throws Exception;
    }

    private static void expect(String wanted, String method, Response response, Callback callback, Endpoint endpoint)
            throws Exception {
        if (!wanted.equals(method)) {
            response.getHeaders().put("Allow", wanted);
            JettyIO.sendError(response, callback, new ApiError(405, "MethodNotAllowed",
                    "Method " + method + " not allowed here; use " + wanted));
            return;
        }
        endpoint.serve();
    }
}
