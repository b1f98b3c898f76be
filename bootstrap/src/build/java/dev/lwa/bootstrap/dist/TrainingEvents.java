package dev.lwa.bootstrap.dist;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The events the AOT training run sends: each kind the adapter maps (HTTP API v2, Function URL,
 * REST v1, ALB single- and multi-value, VPC Lattice v2) and a pass-through, in the shapes AWS
 * sends (docs/protocols.md, "Event kinds"), with the variations that take different code paths:
 * query strings, cookies, text and base64 bodies, binary and error responses. Made here rather
 * than read from the sample events, so that each kind and variation is trained on purpose.
 */
final class TrainingEvents {
    /** One event: its kind (for messages) and bytes. */
    record Event(String kind, byte[] bytes) {
    }

    private TrainingEvents() {
    }

    /** Variation {@code i} of every kind, in a fixed order. */
    static List<Event> round(int i) {
        String path = switch (i % 6) {
            case 0 -> "/items/" + i;
            case 1 -> "/bin";
            case 2 -> "/cookies";
            case 3 -> "/missing";
            case 4 -> "/latin1";
            default -> "/echo";
        };
        boolean post = i % 2 == 1;
        String body = post ? "{\"n\":" + i + ",\"text\":\"h\\u00e9llo\"}" : "";
        boolean base64 = post && i % 4 == 3;
        return List.of(
                new Event("HTTP API v2", httpV2(path, "a=1&b=" + i, body, base64, "id.execute-api.us-east-1.amazonaws.com")),
                new Event("Function URL", httpV2(path, "x=" + i, body, base64, "abcdefg.lambda-url.us-east-1.on.aws")),
                new Event("REST v1", rest(path, i, body, base64)),
                new Event("ALB", alb(path, i, body, base64, false)),
                new Event("ALB multi-value", alb(path, i, body, base64, true)),
                new Event("VPC Lattice v2", lattice(path, i, body, base64)),
                new Event("pass-through", sqs(i)));
    }

    private static String bodyField(String body, boolean base64) {
        String value = base64 ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body;
        return "\"body\":" + quote(value) + ",\"isBase64Encoded\":" + base64;
    }

    private static String method(String body) {
        return body.isEmpty() ? "GET" : "POST";
    }

    private static byte[] httpV2(String path, String query, String body, boolean base64, String domain) {
        return ("""
                {"version":"2.0","routeKey":"$default","rawPath":%s,"rawQueryString":%s,
                 "cookies":["session=abc123","theme=dark"],
                 "headers":{"accept":"application/json","content-type":"application/json","host":%s,
                   "user-agent":"curl/8.5.0","x-forwarded-for":"198.51.100.7","x-forwarded-proto":"https"},
                 "queryStringParameters":{"a":"1"},
                 "requestContext":{"accountId":"123456789012","apiId":"abcdefg","domainName":%s,"domainPrefix":"abcdefg",
                   "http":{"method":%s,"path":%s,"protocol":"HTTP/1.1","sourceIp":"198.51.100.7","userAgent":"curl/8.5.0"},
                   "requestId":"req-1","routeKey":"$default","stage":"$default","time":"25/Nov/2026:12:00:00 +0000",
                   "timeEpoch":1795608000000},
                 %s}
                """).formatted(quote(path), quote(query), quote(domain), quote(domain), quote(method(body)), quote(path),
                bodyField(body, base64)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] rest(String path, int i, String body, boolean base64) {
        return ("""
                {"resource":"/{proxy+}","path":%s,"httpMethod":%s,
                 "headers":{"Accept":"application/json","Host":"abcdefg.execute-api.us-east-1.amazonaws.com",
                   "Content-Type":"application/json","X-Forwarded-For":"198.51.100.7"},
                 "multiValueHeaders":{"Accept":["application/json"],"X-Forwarded-For":["198.51.100.7"]},
                 "queryStringParameters":{"q":"a b","n":"%d"},
                 "multiValueQueryStringParameters":{"q":["a b"],"n":["%d"],"tag":["x","y"]},
                 "pathParameters":{"proxy":%s},"stageVariables":null,
                 "requestContext":{"accountId":"123456789012","resourceId":"r1","stage":"prod","requestId":"req-2",
                   "identity":{"sourceIp":"198.51.100.7","userAgent":"curl/8.5.0"},"resourcePath":"/{proxy+}",
                   "httpMethod":%s,"apiId":"abcdefg","path":%s},
                 %s}
                """).formatted(quote(path), quote(method(body)), i, i, quote(path.substring(1)), quote(method(body)),
                quote("/prod" + path), bodyField(body, base64)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] alb(String path, int i, String body, boolean base64, boolean multi) {
        String headers = multi
                ? "\"multiValueHeaders\":{\"accept\":[\"*/*\"],\"host\":[\"lb.example.com\"],\"cookie\":[\"a=1\",\"b=2\"]},"
                + "\"multiValueQueryStringParameters\":{\"q\":[\"a%20b\"],\"n\":[\"" + i + "\",\"" + (i + 1) + "\"]}"
                : "\"headers\":{\"accept\":\"*/*\",\"host\":\"lb.example.com\",\"x-amzn-trace-id\":\"Root=1-5f84c7a9-0e5b\"},"
                + "\"queryStringParameters\":{\"q\":\"a%20b\",\"n\":\"" + i + "\"}";
        return ("""
                {"requestContext":{"elb":{"targetGroupArn":"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg/50dc6c495c0c9188"}},
                 "httpMethod":%s,"path":%s,%s,%s}
                """).formatted(quote(method(body)), quote(path), headers, bodyField(body, base64))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] lattice(String path, int i, String body, boolean base64) {
        return ("""
                {"version":"2.0","path":%s,"method":%s,
                 "headers":{"user-agent":["curl/8.5.0"],"accept":["*/*"]},
                 "queryStringParameters":{"n":["%d"]},
                 "requestContext":{"serviceNetworkArn":"arn:aws:vpc-lattice:us-east-1:123456789012:servicenetwork/sn-1",
                   "serviceArn":"arn:aws:vpc-lattice:us-east-1:123456789012:service/svc-1","region":"us-east-1",
                   "timeEpoch":"1795608000000000"},
                 %s}
                """).formatted(quote(path), quote(method(body)), i, bodyField(body, base64))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sqs(int i) {
        return ("""
                {"Records":[{"messageId":"m-%d","receiptHandle":"AQEB","body":"{\\"order\\":%d}",
                  "attributes":{"ApproximateReceiveCount":"1","SentTimestamp":"1795608000000"},
                  "messageAttributes":{},"md5OfBody":"e4e68fb7bd0e697a0ae8f1bb342846b3","eventSource":"aws:sqs",
                  "eventSourceARN":"arn:aws:sqs:us-east-1:123456789012:queue","awsRegion":"us-east-1"}]}
                """).formatted(i, i).getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON string literal. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
