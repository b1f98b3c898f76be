package dev.lwa.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The invocation events the benchmarks send, built in code (shaped like the sample events in
 * core's test resources) so that each carries a request body of a chosen size.
 */
public final class Events {
    /** The "small" request and response body: a short JSON object. */
    public static final int SMALL_BODY = 64;
    public static final int LARGE_BODY = 64 * 1024;

    private Events() {
    }

    /** The three event shapes measured. */
    public enum Kind {
        /** API Gateway HTTP API (payload v2) POST with a JSON body: the common case. */
        HTTP_V2,
        /** API Gateway REST API (v1) POST with multi-value headers and query parameters. */
        REST_V1,
        /** An SQS batch of one message: pass-through, POSTed to /events. */
        SQS;

        /** Accepts the names and the lower-case/dashed forms used on command lines (http-v2). */
        public static Kind parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    public static byte[] event(Kind kind, int bodySize) {
        return event(kind, jsonText(bodySize));
    }

    /** An event of {@code kind} carrying {@code body} as its (JSON-escaped) body. */
    public static byte[] event(Kind kind, String body) {
        String json = switch (kind) {
            case HTTP_V2 -> httpV2(body);
            case REST_V1 -> restV1(body);
            case SQS -> sqs(body);
        };
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON object of exactly {@code size} bytes (at least 16): what the app sends back. */
    public static byte[] jsonBody(int size) {
        return jsonText(size).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code {"message":"xxxx…"}} padded to {@code size} bytes. */
    static String jsonText(int size) {
        String open = "{\"message\":\"";
        String close = "\"}";
        int pad = Math.max(4, size - open.length() - close.length());
        StringBuilder sb = new StringBuilder(size + 8).append(open);
        for (int i = 0; i < pad; i++) {
            sb.append((char) ('a' + i % 26));
        }
        return sb.append(close).toString();
    }

    /**
     * {@code {"message":"日本語のテキスト、…"}} of exactly {@code size} bytes (at least 16): text in
     * another script, a three-byte sequence after another, as an API in Japanese or Chinese answers.
     */
    public static String jsonUtf8Text(int size) {
        String open = "{\"message\":\"";
        String close = "\"}";
        String phrase = "日本語のテキスト、"; // 27 bytes
        StringBuilder sb = new StringBuilder(size).append(open);
        int bytes = open.length() + close.length();
        while (bytes + 27 <= size) {
            sb.append(phrase);
            bytes += 27;
        }
        for (; bytes < size; bytes++) {
            sb.append('a');
        }
        return sb.append(close).toString();
    }

    /**
     * A compact JSON document of exactly {@code size} bytes (at least 2) shaped like an API's
     * answer: an array of small objects, so that a quote comes every four or five bytes (escaped in an event
     * or a result: JSON in JSON). The "letters" body of {@link #jsonText} has four.
     */
    public static String jsonDocument(int size) {
        StringBuilder sb = new StringBuilder(size).append('[');
        for (int i = 0; ; i++) {
            String item = (i > 0 ? "," : "") + "{\"id\":" + i + ",\"name\":\"item number " + i
                    + "\",\"tags\":[\"red\",\"blue\"],\"price\":12.5,\"inStock\":true}";
            if (sb.length() + item.length() + 1 > size) {
                break;
            }
            sb.append(item);
        }
        // padded to the size compactly, as an API sends JSON (and as JSON.stringify gives it back):
        // an odd byte in the last item's name, the rest as ",1" elements (spaces only when no
        // item fits at all)
        if (sb.length() > 1 && (size - 1 - sb.length()) % 2 == 1) {
            sb.insert(sb.lastIndexOf("\",\"tags\""), '.');
        }
        while (sb.length() < size - 1) {
            sb.append(sb.length() > 1 ? ",1" : " ");
        }
        return sb.append(']').toString();
    }

    /**
     * An HTTP API event whose body is {@code size} bytes of binary data (seeded, so every run gets
     * the same bytes), base64-encoded with {@code isBase64Encoded} true, as API Gateway sends an
     * upload: the data itself, for a check of what the app receives.
     */
    public static byte[] binaryData(int size) {
        byte[] data = new byte[size];
        new java.util.Random(size).nextBytes(data);
        return data;
    }

    /** {@link #binaryData} as the body of an HTTP API POST of {@code application/octet-stream}. */
    public static byte[] binaryEvent(int size) {
        String text = httpV2Text("POST", "/upload", java.util.Base64.getEncoder().encodeToString(binaryData(size)))
                .replace("\"content-type\": \"application/json\"", "\"content-type\": \"application/octet-stream\"")
                .replace("\"isBase64Encoded\": false", "\"isBase64Encoded\": true");
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** JSON string literal of {@code s} (the bodies here have quotes, nothing else to escape). */
    static String quoted(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String httpV2(String body) {
        return httpV2Text("POST", "/orders/42", body);
    }

    /**
     * An API Gateway HTTP API (payload v2) event for {@code method} on {@code path}, with a JSON
     * {@code body}, or none (and no content-type) when {@code body} is null.
     */
    public static byte[] httpV2(String method, String path, String body) {
        return httpV2Text(method, path, body).getBytes(StandardCharsets.UTF_8);
    }

    private static String httpV2Text(String method, String path, String body) {
        return """
                {
                  "version": "2.0",
                  "routeKey": "$default",
                  "rawPath": "%2$s",
                  "rawQueryString": "expand=items&page=2",
                  "cookies": ["session=abc123", "theme=dark"],
                  "headers": {
                    "accept": "application/json",
                %3$s    "host": "id.execute-api.us-east-1.amazonaws.com",
                    "user-agent": "bench/1.0",
                    "x-forwarded-for": "203.0.113.7",
                    "x-forwarded-port": "443",
                    "x-forwarded-proto": "https"
                  },
                  "queryStringParameters": {"expand": "items", "page": "2"},
                  "requestContext": {
                    "accountId": "123456789012",
                    "apiId": "api-id",
                    "domainName": "id.execute-api.us-east-1.amazonaws.com",
                    "domainPrefix": "id",
                    "http": {
                      "method": "%1$s",
                      "path": "%2$s",
                      "protocol": "HTTP/1.1",
                      "sourceIp": "203.0.113.7",
                      "userAgent": "bench/1.0"
                    },
                    "requestId": "JKJaXmPLvHcESHA=",
                    "routeKey": "$default",
                    "stage": "$default",
                    "time": "10/Mar/2026:12:00:00 +0000",
                    "timeEpoch": 1773144000000
                  },
                %4$s  "isBase64Encoded": false
                }
                """.formatted(method, path,
                body == null ? "" : "    \"content-type\": \"application/json\",\n",
                body == null ? "" : "  \"body\": " + quoted(body) + ",\n");
    }

    private static String restV1(String body) {
        return """
                {
                  "version": "1.0",
                  "resource": "/orders/{id}",
                  "path": "/orders/42",
                  "httpMethod": "POST",
                  "headers": {
                    "Accept": "application/json",
                    "Content-Type": "application/json",
                    "Host": "id.execute-api.us-east-1.amazonaws.com",
                    "User-Agent": "bench/1.0",
                    "X-Forwarded-For": "203.0.113.7, 198.51.100.1",
                    "X-Forwarded-Port": "443",
                    "X-Forwarded-Proto": "https"
                  },
                  "multiValueHeaders": {
                    "Accept": ["application/json"],
                    "Content-Type": ["application/json"],
                    "Host": ["id.execute-api.us-east-1.amazonaws.com"],
                    "User-Agent": ["bench/1.0"],
                    "X-Forwarded-For": ["203.0.113.7, 198.51.100.1"],
                    "X-Forwarded-Port": ["443"],
                    "X-Forwarded-Proto": ["https"],
                    "X-Tag": ["alpha", "beta", "gamma"]
                  },
                  "queryStringParameters": {"expand": "items", "page": "2"},
                  "multiValueQueryStringParameters": {"expand": ["items", "prices"], "page": ["2"]},
                  "pathParameters": {"id": "42"},
                  "stageVariables": null,
                  "requestContext": {
                    "accountId": "123456789012",
                    "apiId": "id",
                    "domainName": "id.execute-api.us-east-1.amazonaws.com",
                    "domainPrefix": "id",
                    "extendedRequestId": "request-id",
                    "httpMethod": "POST",
                    "identity": {
                      "sourceIp": "203.0.113.7",
                      "userAgent": "bench/1.0",
                      "accessKey": null,
                      "accountId": null,
                      "caller": null,
                      "user": null,
                      "userArn": null
                    },
                    "path": "/prod/orders/42",
                    "protocol": "HTTP/1.1",
                    "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
                    "requestTime": "10/Mar/2026:12:00:00 +0000",
                    "requestTimeEpoch": 1773144000000,
                    "resourceId": "abc123",
                    "resourcePath": "/orders/{id}",
                    "stage": "prod"
                  },
                  "body": %s,
                  "isBase64Encoded": false
                }
                """.formatted(quoted(body));
    }

    private static String sqs(String body) {
        return """
                {
                  "Records": [
                    {
                      "messageId": "059f36b4-87a3-44ab-83d2-661975830a7d",
                      "receiptHandle": "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...",
                      "body": %s,
                      "attributes": {
                        "ApproximateReceiveCount": "1",
                        "SentTimestamp": "1545082649183",
                        "SenderId": "AIDAIENQZJOLO23YVJ4VO",
                        "ApproximateFirstReceiveTimestamp": "1545082649185"
                      },
                      "messageAttributes": {},
                      "md5OfBody": "e4e68fb7bd0e697a0ae8f1bb342846b3",
                      "eventSource": "aws:sqs",
                      "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:my-queue",
                      "awsRegion": "us-east-1"
                    }
                  ]
                }
                """.formatted(quoted(body));
    }
}
