package dev.lwa.emulator.internal;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Turns an HTTP request into a payload 1.0 event: an API Gateway REST API proxy event, or an ALB
 * target group's event (single- or multi-value).
 */
final class V1Events {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private V1Events() {
    }

    /**
     * The REST API event of a request whose path starts with {@code /<stage>}: {@code path} without the
     * stage, {@code requestContext.path} with it (both still percent-encoded, as a REST API gives them:
     * {@code %2F} stays apart from {@code /}), resource {@code /{proxy+}} with the rest, decoded, as the
     * {@code proxy} parameter, or {@code /} for the stage's root.
     */
    static V2Events.Built rest(RequestParts request, byte[] body, String accountId, String apiId, String region,
                               String stage) {
        String withStage = request.rawPath();
        String path = withStage.substring(stage.length() + 1);
        if (path.isEmpty()) {
            path = "/";
        }
        boolean root = path.equals("/");
        String resource = root ? "/" : "/{proxy+}";
        Map<String, List<String>> headers = request.withForwarding(false);
        Map<String, List<String>> query = request.formDecodedQuery();
        String domainName = apiId + ".execute-api." + region + ".amazonaws.com";
        String requestId = UUID.randomUUID().toString();
        Documents.RestRequestContext context = new Documents.RestRequestContext(accountId, apiId, domainName, apiId,
                requestId.substring(0, 16), request.method(),
                Documents.RestIdentity.anonymous(request.sourceIp(), request.header("user-agent")), withStage,
                request.protocol(), requestId, TIME.format(request.time()), request.time().toEpochMilli(),
                resourceId(resource), resource, stage);
        V2Events.Body eventBody = V2Events.Body.of(body, request.header("content-type"), request.header("content-encoding"));
        Documents.RestEvent event = new Documents.RestEvent("1.0", resource, path, request.method(),
                headers.isEmpty() ? null : RequestParts.lastValues(headers), headers.isEmpty() ? null : headers,
                query.isEmpty() ? null : RequestParts.lastValues(query), query.isEmpty() ? null : query,
                context, root ? null : Map.of("proxy", V2Events.percentDecode(path.substring(1))), null, eventBody.text(), eventBody.base64());
        return new V2Events.Built(JsonDocuments.write(event), request.traceId());
    }

    /**
     * The ALB event: lower-case header names, the query as sent (ALB does not decode it), and either
     * the last value of each repeated name or, with multi-value headers, all of them. ALB always sends
     * a {@code body}, {@code ""} when there is none.
     */
    static V2Events.Built alb(RequestParts request, byte[] body, String targetGroupArn, boolean multiValue) {
        Map<String, List<String>> headers = request.withForwarding(true);
        Map<String, List<String>> query = request.rawQueryValues();
        V2Events.Body eventBody = V2Events.Body.of(body, request.header("content-type"), request.header("content-encoding"));
        Documents.AlbEvent event = new Documents.AlbEvent(new Documents.AlbRequestContext(new Documents.Elb(targetGroupArn)),
                request.method(), request.rawPath(),
                multiValue ? null : RequestParts.lastValues(query), multiValue ? query : null,
                multiValue ? null : RequestParts.lastValues(headers), multiValue ? headers : null,
                eventBody.text() == null ? "" : eventBody.text(), eventBody.base64());
        return new V2Events.Built(JsonDocuments.write(event), request.traceId());
    }

    /** A 6-character resource id like API Gateway's, stable per resource path. */
    private static String resourceId(String resource) {
        return Integer.toString(Math.floorMod(resource.hashCode(), 36 * 36 * 36 * 36 * 36 * 36), 36);
    }
}
