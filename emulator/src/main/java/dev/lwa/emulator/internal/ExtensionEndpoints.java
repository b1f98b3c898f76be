package dev.lwa.emulator.internal;

import dev.lwa.emulator.ErrorInfo;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The Extensions API endpoints ({@code /2020-01-01/extension/...}), with RIE's error types. */
public final class ExtensionEndpoints {

    private static final System.Logger LOG = System.getLogger(ExtensionEndpoints.class.getName());
    static final String NAME = "Lambda-Extension-Name";
    static final String IDENTIFIER = "Lambda-Extension-Identifier";
    static final String EVENT_IDENTIFIER = "Lambda-Extension-Event-Identifier";
    static final String ACCEPT_FEATURE = "Lambda-Extension-Accept-Feature";
    static final String FUNCTION_ERROR_TYPE = "Lambda-Extension-Function-Error-Type";

    private final FunctionConfig config;
    private final ExtensionRegistry registry;
    private final InvocationBroker broker;

    public ExtensionEndpoints(FunctionConfig config, ExtensionRegistry registry, InvocationBroker broker) {
        this.config = config;
        this.registry = registry;
        this.broker = broker;
    }

    // ---- POST /extension/register ----------------------------------------------------------------

    void register(Request request, Response response, Callback callback) throws IOException {
        Optional<String> name = JettyIO.header(request, NAME).map(String::trim).filter(n -> !n.isEmpty());
        if (name.isEmpty()) {
            JettyIO.sendError(response, callback, new ApiError(403, "Extension.InvalidExtensionName", "Empty extension name"));
            return;
        }
        LimitedBody body = LimitedBody.read(request, FunctionConfig.MAX_ERROR_BODY_BYTES);
        if (!(body instanceof LimitedBody.Complete(byte[] bytes, Map<String, String> trailers, long firstByteNanos))) {
            JettyIO.sendErrorAndClose(response, callback, ApiError.tooLarge(FunctionConfig.MAX_ERROR_BODY_BYTES));
            return;
        }
        List<String> events;
        try {
            events = parseEvents(bytes);
        } catch (IllegalArgumentException e) {
            JettyIO.sendError(response, callback, new ApiError(403, "InvalidRequestFormat", e.getMessage()));
            return;
        }
        switch (registry.register(name.get(), events)) {
            case ExtensionRegistry.Registration.Refused(ApiError error) -> JettyIO.sendError(response, callback, error);
            case ExtensionRegistry.Registration.Registered(String id) -> {
                boolean wantsAccount = JettyIO.header(request, ACCEPT_FEATURE)
                        .map(v -> Arrays.stream(v.split(",")).map(String::trim).anyMatch("accountId"::equals))
                        .orElse(false);
                LOG.log(Level.DEBUG, "extension {0} registered as {1} for {2}", name.get(), id, events);
                response.getHeaders().put(IDENTIFIER, id);
                JettyIO.sendJson(response, callback, 200, new Documents.RegisterResponse(config.functionName(),
                        config.functionVersion(), config.handler(), wantsAccount ? config.accountId() : null));
            }
        }
    }

    /** {@code {"events":[...]}}; {@code events} may be missing or empty. RIE refuses {@code configurationKeys}. */
    static List<String> parseEvents(byte[] body) {
        JsonObject object = JsonDocuments.parseObject(body).orElseThrow(() -> new IllegalArgumentException(
                "register body must be a JSON object like {\"events\":[\"INVOKE\",\"SHUTDOWN\"]}, got: "
                        + new String(body, java.nio.charset.StandardCharsets.UTF_8)));
        JsonValue keys = object.get("configurationKeys");
        if (keys instanceof JsonArray array && !array.isEmpty()) {
            throw new IllegalArgumentException("configurationKeys are deprecated; use environment variables instead");
        }
        JsonValue events = object.get("events");
        List<String> out = new ArrayList<>();
        switch (events) {
            case null -> {
            }
            case JsonArray array -> {
                for (JsonValue event : array) {
                    if (!(event instanceof JsonString s)) {
                        throw new IllegalArgumentException("events must be strings, got " + event);
                    }
                    out.add(s.getString());
                }
            }
            case JsonValue v when v == JsonValue.NULL -> {
            }
            default -> throw new IllegalArgumentException("events must be an array, got " + events);
        }
        return out;
    }

    // ---- GET /extension/event/next ---------------------------------------------------------------

    void next(Request request, Response response, Callback callback) throws InterruptedException {
        Optional<RegisteredExtension> found = identify(request, response, callback);
        if (found.isEmpty()) {
            return;
        }
        RegisteredExtension extension = found.get();
        boolean afterShutdown = registry.polled(extension);
        broker.wakeUp(); // init may now be complete
        if (afterShutdown) {
            // Lambda freezes or kills an extension after SHUTDOWN; this call just waits for the end
            while (extension.take().kind() != ExtensionEvent.Kind.CLOSED) {
                // no events are published after SHUTDOWN
            }
            JettyIO.sendErrorAndClose(response, callback, new ApiError(403, "Extension.InvalidExtensionState",
                    "Extension " + extension.name() + " already received SHUTDOWN"));
            return;
        }
        ExtensionEvent event = extension.take();
        if (event.kind() == ExtensionEvent.Kind.CLOSED) {
            JettyIO.sendErrorAndClose(response, callback, ApiError.shuttingDown());
            return;
        }
        registry.delivered(extension, event);
        event.eventId().ifPresent(id -> response.getHeaders().put(EVENT_IDENTIFIER, id));
        JettyIO.send(response, callback, 200, Map.of(), "application/json", event.json());
    }

    // ---- POST /extension/init/error, /extension/exit/error ------------------------------------------

    void error(Request request, Response response, Callback callback, boolean init) throws IOException {
        Optional<RegisteredExtension> found = identify(request, response, callback);
        if (found.isEmpty()) {
            return;
        }
        Optional<String> type = JettyIO.header(request, FUNCTION_ERROR_TYPE).filter(t -> !t.isBlank());
        if (type.isEmpty()) {
            JettyIO.sendError(response, callback, new ApiError(403, "Extension.MissingHeader",
                    FUNCTION_ERROR_TYPE + " not found"));
            return;
        }
        LimitedBody body = LimitedBody.read(request, FunctionConfig.MAX_ERROR_BODY_BYTES);
        if (!(body instanceof LimitedBody.Complete(byte[] bytes, Map<String, String> trailers, long firstByteNanos))) {
            JettyIO.sendErrorAndClose(response, callback, ApiError.tooLarge(FunctionConfig.MAX_ERROR_BODY_BYTES));
            return;
        }
        ErrorInfo error = new ErrorInfo(type.get(), bytes, JettyIO.headers(request.getHeaders()));
        if (init) {
            registry.initError(found.get(), error);
        } else {
            registry.exitError(found.get(), error);
        }
        LOG.log(Level.DEBUG, "extension {0} reported {1} error {2}", found.get().name(), init ? "init" : "exit", type.get());
        JettyIO.sendAccepted(response, callback);
    }

    /** Validates {@code Lambda-Extension-Identifier} as RIE's middleware does; answers 403 when it fails. */
    private Optional<RegisteredExtension> identify(Request request, Response response, Callback callback) {
        Optional<String> id = JettyIO.header(request, IDENTIFIER).map(String::trim).filter(v -> !v.isEmpty());
        if (id.isEmpty()) {
            JettyIO.sendError(response, callback, new ApiError(403, "Extension.MissingExtensionIdentifier",
                    "Missing " + IDENTIFIER + " header"));
            return Optional.empty();
        }
        try {
            UUID.fromString(id.get());
        } catch (IllegalArgumentException e) {
            JettyIO.sendError(response, callback, new ApiError(403, "Extension.InvalidExtensionIdentifier",
                    "Invalid " + IDENTIFIER));
            return Optional.empty();
        }
        Optional<RegisteredExtension> extension = registry.find(id.get());
        if (extension.isEmpty()) {
            JettyIO.sendError(response, callback, new ApiError(403, "Extension.UnknownExtensionIdentifier",
                    "Unknown extension " + id.get()));
        }
        return extension;
    }
}
