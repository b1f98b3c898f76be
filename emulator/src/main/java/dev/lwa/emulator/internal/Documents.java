package dev.lwa.emulator.internal;

import jakarta.json.bind.annotation.JsonbNillable;
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

    /** A payload 2.0 event: a Lambda Function URL's or an API Gateway HTTP API's. */
    @JsonbPropertyOrder({"version", "routeKey", "rawPath", "rawQueryString", "cookies", "headers",
            "queryStringParameters", "requestContext", "body", "isBase64Encoded"})
    public record V2Event(String version, String routeKey, String rawPath, String rawQueryString,
                                   List<String> cookies, Map<String, String> headers,
                                   Map<String, String> queryStringParameters, UrlRequestContext requestContext,
                                   String body, @JsonbProperty("isBase64Encoded") boolean isBase64Encoded) {
    }

    /** API Gateway's error body, {@code {"message":"..."}}. */
    public record ApiGatewayError(String message) {
    }

    /** The caller identity of a payload 1.0 request context; the unauthenticated fields are null, as AWS sends them. */
    @JsonbPropertyOrder({"accessKey", "accountId", "caller", "cognitoAuthenticationProvider", "cognitoAuthenticationType",
            "cognitoIdentityId", "cognitoIdentityPoolId", "principalOrgId", "sourceIp", "user", "userAgent", "userArn"})
    public record RestIdentity(@JsonbNillable String accessKey, @JsonbNillable String accountId, @JsonbNillable String caller,
                               @JsonbNillable String cognitoAuthenticationProvider,
                               @JsonbNillable String cognitoAuthenticationType, @JsonbNillable String cognitoIdentityId,
                               @JsonbNillable String cognitoIdentityPoolId, @JsonbNillable String principalOrgId,
                               String sourceIp, @JsonbNillable String user, String userAgent, @JsonbNillable String userArn) {
        static RestIdentity anonymous(String sourceIp, String userAgent) {
            return new RestIdentity(null, null, null, null, null, null, null, null, sourceIp, null, userAgent, null);
        }
    }

    @JsonbPropertyOrder({"accountId", "apiId", "domainName", "domainPrefix", "extendedRequestId", "httpMethod",
            "identity", "path", "protocol", "requestId", "requestTime", "requestTimeEpoch", "resourceId", "resourcePath",
            "stage"})
    public record RestRequestContext(String accountId, String apiId, String domainName, String domainPrefix,
                                     String extendedRequestId, String httpMethod, RestIdentity identity, String path,
                                     String protocol, String requestId, String requestTime, long requestTimeEpoch,
                                     String resourceId, String resourcePath, String stage) {
    }

    /** An API Gateway REST API proxy event, payload 1.0; absent maps and body are JSON nulls, as AWS sends them. */
    @JsonbPropertyOrder({"version", "resource", "path", "httpMethod", "headers", "multiValueHeaders",
            "queryStringParameters", "multiValueQueryStringParameters", "requestContext", "pathParameters",
            "stageVariables", "body", "isBase64Encoded"})
    public record RestEvent(String version, String resource, String path, String httpMethod,
                            @JsonbNillable Map<String, String> headers,
                            @JsonbNillable Map<String, List<String>> multiValueHeaders,
                            @JsonbNillable Map<String, String> queryStringParameters,
                            @JsonbNillable Map<String, List<String>> multiValueQueryStringParameters,
                            RestRequestContext requestContext, @JsonbNillable Map<String, String> pathParameters,
                            @JsonbNillable Map<String, String> stageVariables, @JsonbNillable String body,
                            @JsonbProperty("isBase64Encoded") boolean isBase64Encoded) {
    }

    public record Elb(String targetGroupArn) {
    }

    public record AlbRequestContext(Elb elb) {
    }

    /**
     * An ALB target group's event: {@code headers} and {@code queryStringParameters}, or, with multi-value
     * headers on, {@code multiValueHeaders} and {@code multiValueQueryStringParameters} (the others null, left out).
     */
    @JsonbPropertyOrder({"requestContext", "httpMethod", "path", "queryStringParameters", "multiValueQueryStringParameters",
            "headers", "multiValueHeaders", "body", "isBase64Encoded"})
    public record AlbEvent(AlbRequestContext requestContext, String httpMethod, String path,
                           Map<String, String> queryStringParameters,
                           Map<String, List<String>> multiValueQueryStringParameters, Map<String, String> headers,
                           Map<String, List<String>> multiValueHeaders, String body,
                           @JsonbProperty("isBase64Encoded") boolean isBase64Encoded) {
    }
}
