package dev.lwa.emulator.internal;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

import java.util.List;
import java.util.Map;

/** The JSON documents the emulator writes, as records for JSON-B. A null member is left out. */
public final class Documents {

    private Documents() {
    }

    /** {@code {"errorMessage":..,"errorType":..}}, the Runtime and Extensions API error shape. */
    @JsonbPropertyOrder({"errorMessage", "errorType"})
    public record ErrorResponse(String errorMessage, String errorType) {
    }

    /** {@code {"status":"OK"}}, the 202 body. */
    public record StatusResponse(String status) {
        public static final StatusResponse OK = new StatusResponse("OK");
    }

    @JsonbPropertyOrder({"functionName", "functionVersion", "handler", "accountId"})
    public record RegisterResponse(String functionName, String functionVersion, String handler, String accountId) {
    }

    @JsonbPropertyOrder({"type", "value"})
    public record Tracing(String type, String value) {
    }

    @JsonbPropertyOrder({"eventType", "deadlineMs", "requestId", "invokedFunctionArn", "tracing"})
    public record InvokeEvent(String eventType, long deadlineMs, String requestId, String invokedFunctionArn,
                              Tracing tracing) {
    }

    @JsonbPropertyOrder({"eventType", "deadlineMs", "shutdownReason"})
    public record ShutdownEvent(String eventType, long deadlineMs, String shutdownReason) {
    }

    /** A platform error as the caller sees it, e.g. a timeout. */
    @JsonbPropertyOrder({"errorMessage", "errorType"})
    public record PlatformError(String errorMessage, String errorType) {
    }

    /** Front door error body, as Function URLs write it ({@code {"Message":"Internal Server Error"}}). */
    public record UrlError(@JsonbProperty("Message") String message) {
    }

    @JsonbPropertyOrder({"method", "path", "protocol", "sourceIp", "userAgent"})
    public record UrlHttp(String method, String path, String protocol, String sourceIp, String userAgent) {
    }

    @JsonbPropertyOrder({"accountId", "apiId", "domainName", "domainPrefix", "http", "requestId", "routeKey",
            "stage", "time", "timeEpoch"})
    public record UrlRequestContext(String accountId, String apiId, String domainName, String domainPrefix,
                                    UrlHttp http, String requestId, String routeKey, String stage, String time,
                                    long timeEpoch) {
    }

    /** A Lambda Function URL event, payload format 2.0. */
    @JsonbPropertyOrder({"version", "routeKey", "rawPath", "rawQueryString", "cookies", "headers",
            "queryStringParameters", "requestContext", "body", "isBase64Encoded"})
    public record FunctionUrlEvent(String version, String routeKey, String rawPath, String rawQueryString,
                                   List<String> cookies, Map<String, String> headers,
                                   Map<String, String> queryStringParameters, UrlRequestContext requestContext,
                                   String body, @JsonbProperty("isBase64Encoded") boolean isBase64Encoded) {
    }
}
