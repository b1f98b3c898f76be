package dev.lwa.emulator.internal;

import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Trigger;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One trigger's side of the front door: the event a request becomes, how the result is read, the
 * limits, and the answers the service itself gives when something is wrong (each service has its own
 * status codes and bodies for them).
 */
public final class TriggerRules {

    /** Lambda refuses an invoke payload (here: the whole event) over 6 MB: 6,291,456 bytes. */
    static final long MAX_EVENT_BYTES = 6L * 1024 * 1024;
    /** ALB passes a Lambda target at most 1 MB of request body, and takes at most 1 MB of response JSON. */
    static final long ALB_LIMIT_BYTES = 1024 * 1024;

    /** A status and body the front door writes itself. */
    public record Reply(int status, String contentType, byte[] body) {
        static Reply json(int status, Object document) {
            return new Reply(status, "application/json", JsonDocuments.write(document));
        }

        /** ALB's own error pages are HTML. */
        static Reply html(int status, String reason) {
            String title = status + " " + reason;
            return new Reply(status, "text/html", ("<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>"
                    + title + "</h1></center>\r\n</body>\r\n</html>\r\n").getBytes(StandardCharsets.US_ASCII));
        }
    }

    private final Trigger trigger;
    private final String apiId;
    private final String accountId;
    private final String region;
    private final String targetGroupArn;

    /** {@code apiId} is the Function URL's 32-character url-id; APIs use its first 10 characters, as their ids are. */
    public TriggerRules(Trigger trigger, String urlId, String functionName, String functionArn, String region) {
        this.trigger = trigger;
        this.apiId = trigger instanceof Trigger.FunctionUrl ? urlId : urlId.substring(0, 10);
        this.accountId = functionArn.split(":")[4];
        this.region = region;
        String name = functionName.length() > 32 ? functionName.substring(0, 32) : functionName;
        this.targetGroupArn = "arn:aws:elasticloadbalancing:" + region + ":" + accountId + ":targetgroup/" + name + "/"
                + HexFormat.of().formatHex(urlId.getBytes(StandardCharsets.US_ASCII), 0, 8);
    }

    public String apiId() {
        return apiId;
    }

    public boolean streams() {
        return trigger.streams();
    }

    /**
     * The answer to a request outside the stage's base path: a REST API's invoke domain answers 403
     * {@code Forbidden}, an HTTP API 404 {@code Not Found}. Empty when the request is for the function.
     */
    Optional<Reply> outsideStage(String rawPath) {
        String base = trigger.basePath();
        if (base.isEmpty() || rawPath.equals(base) || rawPath.startsWith(base + "/")) {
            return Optional.empty();
        }
        return Optional.of(trigger instanceof Trigger.RestApi
                ? Reply.json(403, new Documents.ApiGatewayError("Forbidden"))
                : Reply.json(404, new Documents.ApiGatewayError("Not Found")));
    }

    /** The most request body read before the request is refused (no event with more can fit). */
    long maxBody() {
        return trigger instanceof Trigger.Alb ? ALB_LIMIT_BYTES : MAX_EVENT_BYTES;
    }

    V2Events.Built event(RequestParts request, byte[] body) {
        return switch (trigger) {
            case Trigger.FunctionUrl f -> V2Events.build(request, body, V2Events.Style.functionUrl(apiId, region));
            case Trigger.HttpApi(String stage) -> V2Events.build(request, body,
                    V2Events.Style.httpApi(accountId, apiId, region, stage));
            case Trigger.RestApi(String stage) -> V1Events.rest(request, body, accountId, apiId, region, stage);
            case Trigger.Alb(boolean multi) -> V1Events.alb(request, body, targetGroupArn, multi);
        };
    }

    /** A request too big for the trigger, or whose event is too big for Lambda. */
    Reply tooLarge() {
        return switch (trigger) {
            case Trigger.FunctionUrl f -> Reply.json(413, new Documents.UrlError(
                    "Request must be smaller than " + MAX_EVENT_BYTES + " bytes for the InvokeFunction operation"));
            case Trigger.HttpApi h -> Reply.json(413, new Documents.ApiGatewayError("Request Too Long"));
            case Trigger.RestApi r -> Reply.json(413, new Documents.ApiGatewayError("Request Too Long"));
            case Trigger.Alb a -> Reply.html(413, "Request Entity Too Large");
        };
    }

    /** A buffered result as the trigger reads it; empty when it cannot be turned into a response. */
    Optional<V2Responses.Buffered> result(byte[] body) {
        return switch (trigger) {
            case Trigger.FunctionUrl f -> V2Responses.fromEnvelope(body);
            case Trigger.HttpApi h -> V2Responses.fromEnvelope(body);
            case Trigger.RestApi r -> V1Responses.rest(body);
            case Trigger.Alb(boolean multi) -> body.length > ALB_LIMIT_BYTES ? Optional.empty() : V1Responses.alb(body, multi);
        };
    }

    /** The answer to a failed invocation ({@code ERROR}, {@code TIMEOUT}) or an unusable result. */
    Reply failed(InvocationResult.Kind kind) {
        boolean timeout = kind == InvocationResult.Kind.TIMEOUT;
        return switch (trigger) {
            case Trigger.FunctionUrl f -> Reply.json(502, new Documents.UrlError("Internal Server Error"));
            case Trigger.HttpApi h -> timeout ? Reply.json(503, new Documents.ApiGatewayError("Service Unavailable"))
                    : Reply.json(500, new Documents.ApiGatewayError("Internal Server Error"));
            case Trigger.RestApi r -> timeout ? Reply.json(504, new Documents.ApiGatewayError("Endpoint request timed out"))
                    : Reply.json(502, new Documents.ApiGatewayError("Internal server error"));
            case Trigger.Alb a -> Reply.html(502, "Bad Gateway");
        };
    }
}
