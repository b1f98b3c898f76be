package dev.lwa.bootstrap;

import dev.lwa.runtimeapi.json.TestJson;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the event of one HTTP trigger, with the fields a real one carries. Values go through a
 * JSON writer, so a header value may hold CR, LF, NUL or DEL and still be a valid event.
 *
 * <pre>{@code TestEvent.rest("GET", "/x").header("a", "1").header("a", "2").query("k", "v").json()}</pre>
 */
final class TestEvent {
    enum Trigger { REST, HTTP_API, FUNCTION_URL, ALB, ALB_MULTI_VALUE }

    private final Trigger trigger;
    private final String method;
    private final String path;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final Map<String, List<String>> query = new LinkedHashMap<>();
    private String rawQuery = "";
    private final List<String> cookies = new ArrayList<>();
    private String body;
    private boolean base64;

    private TestEvent(Trigger trigger, String method, String path) {
        this.trigger = trigger;
        this.method = method;
        this.path = path;
    }

    static TestEvent of(Trigger trigger, String method, String path) {
        return new TestEvent(trigger, method, path);
    }

    static TestEvent rest(String method, String path) {
        return new TestEvent(Trigger.REST, method, path);
    }

    static TestEvent httpApi(String method, String rawPath) {
        return new TestEvent(Trigger.HTTP_API, method, rawPath);
    }

    static TestEvent functionUrl(String method, String rawPath) {
        return new TestEvent(Trigger.FUNCTION_URL, method, rawPath);
    }

    static TestEvent alb(String method, String path) {
        return new TestEvent(Trigger.ALB, method, path);
    }

    static TestEvent albMultiValue(String method, String path) {
        return new TestEvent(Trigger.ALB_MULTI_VALUE, method, path);
    }

    /** Adds a value; HTTP API and single-value ALB keep the last one (their header maps are single-valued). */
    TestEvent header(String name, String value) {
        headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        return this;
    }

    /** A query parameter for REST and ALB events (HTTP API: use {@link #rawQuery}). */
    TestEvent query(String name, String value) {
        query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        return this;
    }

    /** {@code rawQueryString} of an HTTP API or Function URL event. */
    TestEvent rawQuery(String raw) {
        this.rawQuery = raw;
        return this;
    }

    TestEvent cookie(String cookie) {
        cookies.add(cookie);
        return this;
    }

    TestEvent body(String text) {
        this.body = text;
        this.base64 = false;
        return this;
    }

    /** A body as the trigger sends binary: base64 text with {@code isBase64Encoded: true}, taken as given. */
    TestEvent base64Body(String base64Text) {
        this.body = base64Text;
        this.base64 = true;
        return this;
    }

    String json() {
        JsonObjectBuilder o = TestJson.PROVIDER.createObjectBuilder();
        switch (trigger) {
            case REST -> {
                o.add("resource", "/{proxy+}").add("path", path).add("httpMethod", method);
                o.add("headers", single(headers)).add("multiValueHeaders", multi(headers));
                if (!query.isEmpty()) {
                    o.add("queryStringParameters", single(query)).add("multiValueQueryStringParameters", multi(query));
                }
                o.add("requestContext", TestJson.PROVIDER.createObjectBuilder()
                        .add("accountId", "123456789012").add("resourceId", "us4z18").add("stage", "prod")
                        .add("requestId", "rest-req-1").add("resourcePath", "/{proxy+}").add("httpMethod", method)
                        .add("apiId", "wt6mne2s9k").add("path", "/prod" + path)
                        .add("identity", TestJson.PROVIDER.createObjectBuilder().add("sourceIp", "203.0.113.9")));
            }
            case HTTP_API, FUNCTION_URL -> {
                String domain = trigger == Trigger.FUNCTION_URL ? "abc.lambda-url.us-east-1.on.aws"
                        : "abc.execute-api.us-east-1.amazonaws.com";
                o.add("version", "2.0").add("routeKey", "$default").add("rawPath", path).add("rawQueryString", rawQuery);
                if (!cookies.isEmpty()) {
                    JsonArrayBuilder a = TestJson.PROVIDER.createArrayBuilder();
                    cookies.forEach(a::add);
                    o.add("cookies", a);
                }
                JsonObjectBuilder h = single(headers);
                if (!headers.containsKey("host")) {
                    h.add("host", domain);
                }
                o.add("headers", h);
                o.add("requestContext", TestJson.PROVIDER.createObjectBuilder()
                        .add("accountId", "123456789012").add("apiId", "abc").add("domainName", domain)
                        .add("requestId", "v2-req-1").add("routeKey", "$default").add("stage", "$default")
                        .add("http", TestJson.PROVIDER.createObjectBuilder().add("method", method).add("path", path)
                                .add("protocol", "HTTP/1.1").add("sourceIp", "203.0.113.9").add("userAgent", "curl/8.0")));
            }
            case ALB, ALB_MULTI_VALUE -> {
                o.add("httpMethod", method).add("path", path);
                boolean multi = trigger == Trigger.ALB_MULTI_VALUE;
                o.add(multi ? "multiValueHeaders" : "headers", multi ? multi(headers) : single(headers));
                o.add(multi ? "multiValueQueryStringParameters" : "queryStringParameters", multi ? multi(query) : single(query));
                o.add("requestContext", TestJson.PROVIDER.createObjectBuilder().add("elb", TestJson.PROVIDER.createObjectBuilder()
                        .add("targetGroupArn", "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/lambda/abc")));
            }
        }
        if (body == null) {
            o.addNull("body");
        } else {
            o.add("body", body);
        }
        o.add("isBase64Encoded", base64);
        return o.build().toString();
    }

    byte[] bytes() {
        return json().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A Function URL event (payload 2.0), written out as text, for {@code GET <rawPath>?<rawQuery>}
     * with extra header JSON members ({@code ,"name":"value"...}).
     */
    static String functionUrlEvent(String rawPath, String rawQuery, String extraHeaders) {
        return """
                {"version":"2.0","routeKey":"$default","rawPath":"%s","rawQueryString":"%s",
                 "headers":{"accept":"*/*","host":"abc.lambda-url.us-east-1.on.aws","user-agent":"curl/8.0"%s},
                 "requestContext":{"accountId":"123456789012","apiId":"abc","domainName":"abc.lambda-url.us-east-1.on.aws",
                   "domainPrefix":"abc","http":{"method":"GET","path":"%s","protocol":"HTTP/1.1","sourceIp":"203.0.113.9",
                   "userAgent":"curl/8.0"},"requestId":"req-1","routeKey":"$default","stage":"$default",
                   "time":"12/Mar/2020:19:03:58 +0000","timeEpoch":1583348638390},
                 "isBase64Encoded":false}
                """.formatted(rawPath, rawQuery, extraHeaders, rawPath);
    }

    static String functionUrlEvent(String rawPath, String rawQuery) {
        return functionUrlEvent(rawPath, rawQuery, "");
    }

    private static JsonObjectBuilder single(Map<String, List<String>> map) {
        JsonObjectBuilder b = TestJson.PROVIDER.createObjectBuilder();
        map.forEach((k, v) -> b.add(k, v.getLast()));
        return b;
    }

    private static JsonObjectBuilder multi(Map<String, List<String>> map) {
        JsonObjectBuilder b = TestJson.PROVIDER.createObjectBuilder();
        map.forEach((k, v) -> {
            JsonArrayBuilder a = TestJson.PROVIDER.createArrayBuilder();
            v.forEach(a::add);
            b.add(k, a);
        });
        return b;
    }
}
