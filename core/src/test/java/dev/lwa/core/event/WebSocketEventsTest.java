package dev.lwa.core.event;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** API Gateway WebSocket events, with and without AWS_LWA_WEBSOCKET_PATH, on hand-made events of the real shape. */
class WebSocketEventsTest {
    private static final Optional<String> WS = Optional.of("/ws");

    private static byte[] json(String singleQuoted) {
        return singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    private static String context(String eventType, String routeKey, String more) {
        return "'requestContext':{'routeKey':'" + routeKey + "','eventType':'" + eventType + "',"
                + "'extendedRequestId':'X1=','requestTime':'07/Dec/2026:00:00:00 +0000','messageDirection':'IN',"
                + "'stage':'prod','connectedAt':1796601600000,'requestTimeEpoch':1796601600000,"
                + "'identity':{'sourceIp':'192.0.2.7'},'requestId':'X1=','domainName':'abc123.execute-api.eu-west-1.amazonaws.com',"
                + "'connectionId':'Zx9ab=','apiId':'abc123'" + more + "}";
    }

    static String connect() {
        return "{'headers':{'Host':'abc123.execute-api.eu-west-1.amazonaws.com','Sec-WebSocket-Key':'k==',"
                + "'Sec-WebSocket-Version':'13','Connection':'Upgrade','Upgrade':'websocket','X-Client':'one',"
                + "'x-amzn-websocket-connection-id':'spoofed'},"
                + "'multiValueHeaders':{'Host':['abc123.execute-api.eu-west-1.amazonaws.com'],'Sec-WebSocket-Key':['k=='],"
                + "'Sec-WebSocket-Version':['13'],'Connection':['Upgrade'],'Upgrade':['websocket'],'X-Client':['one'],"
                + "'x-amzn-websocket-connection-id':['spoofed']},"
                + "'queryStringParameters':{'room':'a b'},'multiValueQueryStringParameters':{'room':['a b']},"
                + context("CONNECT", "$connect", "") + ",'isBase64Encoded':false}";
    }

    static String message(String body, boolean base64) {
        return "{" + context("MESSAGE", "$default", ",'messageId':'M1='") + ",'body':'" + body
                + "','isBase64Encoded':" + base64 + "}";
    }

    private static AppRequest request(String event) throws InvalidEventException {
        LambdaEvent e = EventParser.parse(json(event), WS, false);
        assertEquals(EventKind.WEBSOCKET, e.kind());
        return assertInstanceOf(LambdaEvent.Http.class, e).request();
    }

    @Test
    void withoutThePathEveryWebSocketEventIsPassedThrough() throws InvalidEventException {
        for (String event : List.of(connect(), message("hi", false))) {
            assertInstanceOf(LambdaEvent.PassThrough.class, EventParser.parse(json(event)));
            assertInstanceOf(LambdaEvent.PassThrough.class, EventParser.parse(json(event), Optional.empty(), false));
        }
    }

    @Test
    void connectIsAPostWithTheHandshakesHeadersAndQueryAndNoBody() throws InvalidEventException {
        AppRequest r = request(connect());
        assertEquals("POST", r.method());
        assertEquals("/ws", r.rawPath());
        assertEquals("room=a+b", r.rawQuery(), "encoded as a REST event's query is");
        assertEquals(0, r.bodyBytes().length);
        assertEquals(Optional.of("one"), r.headers().first("x-client"));
        assertEquals(Optional.of("k=="), r.headers().first("sec-websocket-key"));
        assertEquals(List.of(), r.headers().all("connection"), "hop-by-hop fields of the handshake are dropped");
        assertEquals(List.of(), r.headers().all("upgrade"));
        assertEquals(List.of("Zx9ab="), r.headers().all("x-amzn-websocket-connection-id"), "the client's copy is replaced");
        assertEquals(Optional.of("$connect"), r.headers().first("x-amzn-websocket-route-key"));
        assertEquals(Optional.of("CONNECT"), r.headers().first("x-amzn-websocket-event-type"));
        assertEquals(Optional.of("abc123.execute-api.eu-west-1.amazonaws.com"), r.headers().first("x-amzn-websocket-domain-name"));
        assertEquals(Optional.of("prod"), r.headers().first("x-amzn-websocket-stage"));
        assertEquals(Optional.empty(), r.headers().first("x-amzn-websocket-message-id"));
        assertEquals(Optional.empty(), r.headers().first("content-type"));
    }

    @Test
    void aTextMessageCarriesItsBodyAndMessageId() throws InvalidEventException {
        AppRequest r = request(message("{\\\"action\\\":\\\"send\\\"}", false));
        assertEquals("{\"action\":\"send\"}", new String(r.bodyBytes(), StandardCharsets.UTF_8));
        assertEquals(Optional.of("text/plain; charset=utf-8"), r.headers().first("content-type"));
        assertEquals(Optional.of("MESSAGE"), r.headers().first("x-amzn-websocket-event-type"));
        assertEquals(Optional.of("$default"), r.headers().first("x-amzn-websocket-route-key"));
        assertEquals(Optional.of("M1="), r.headers().first("x-amzn-websocket-message-id"));
        assertEquals("", r.rawQuery());
    }

    @Test
    void aBase64MessageIsDecoded() throws InvalidEventException {
        AppRequest r = request(message("AAH/", true));
        assertArrayEquals(new byte[]{0, 1, (byte) 0xff}, r.bodyBytes());
        assertEquals(Optional.of("application/octet-stream"), r.headers().first("content-type"));
    }

    @Test
    void disconnectHasNoBody() throws InvalidEventException {
        AppRequest r = request("{'headers':{'Host':'h'}," + context("DISCONNECT", "$disconnect",
                ",'disconnectStatusCode':1001,'disconnectReason':'going away'") + ",'isBase64Encoded':false}");
        assertEquals(0, r.bodyBytes().length);
        assertEquals(Optional.of("DISCONNECT"), r.headers().first("x-amzn-websocket-event-type"));
    }

    @Test
    void detectionIsExact() throws InvalidEventException {
        // no connection id, an unknown event type, or an httpMethod: not a WebSocket event
        for (String event : List.of(
                "{'requestContext':{'eventType':'MESSAGE','routeKey':'$default'},'body':'x'}",
                "{'requestContext':{'eventType':'OTHER','connectionId':'c'},'body':'x'}",
                "{'requestContext':{'eventType':'MESSAGE','connectionId':7},'body':'x'}",
                "{'httpMethod':'GET','requestContext':{'eventType':'MESSAGE','connectionId':'c'}}",
                // a Lambda authorizer of the WebSocket API: it must answer with a policy, not as a connect
                "{'type':'REQUEST','methodArn':'arn:aws:execute-api:eu-west-1:1:abc123/prod/$connect','headers':{},"
                        + context("CONNECT", "$connect", "") + "}")) {
            assertInstanceOf(LambdaEvent.PassThrough.class, EventParser.parse(json(event), WS, false), event);
        }
        // the java-libs sample mixes a REST request into a WebSocket one: it stays a REST event
        assertEquals(EventKind.API_GATEWAY_REST, EventParser.parse(json(
                "{'httpMethod':'GET','path':'/','requestContext':{'httpMethod':'GET','eventType':'CONNECT','connectionId':'c'}}"),
                WS, false).kind());
    }

    @Test
    void anHttpRequestCannotPassForAWebSocketRoutesOwn() throws InvalidEventException {
        // a Function URL request to the WebSocket path with lwa's WebSocket headers of its own
        String url = "{'version':'2.0','rawPath':'/ws','rawQueryString':'','headers':{'x-amzn-websocket-event-type':'MESSAGE',"
                + "'X-Amzn-WebSocket-Connection-Id':'victim=','x-other':'kept'},'requestContext':{'domainName':'a.lambda-url.eu-west-1.on.aws',"
                + "'http':{'method':'POST','path':'/ws'}},'body':'hi','isBase64Encoded':false}";
        LambdaEvent.Http http = assertInstanceOf(LambdaEvent.Http.class, EventParser.parse(json(url), WS, false));
        assertEquals(EventKind.FUNCTION_URL, http.kind());
        assertFalse(http.request().headers().contains("x-amzn-websocket-event-type"));
        assertFalse(http.request().headers().contains("x-amzn-websocket-connection-id"));
        assertEquals(Optional.of("kept"), http.request().headers().first("x-other"));
        // without the WebSocket route, lwa sets none of them and forwards what came, as LWA
        LambdaEvent.Http plain = assertInstanceOf(LambdaEvent.Http.class, EventParser.parse(json(url), Optional.empty(), false));
        assertEquals(Optional.of("victim="), plain.request().headers().first("x-amzn-websocket-connection-id"));
    }

    @Test
    void aBrokenWebSocketEventIsInvalid() {
        String bad = "{" + context("MESSAGE", "$default", "") + ",'body':'%%%','isBase64Encoded':true}";
        assertThrows(InvalidEventException.class, () -> EventParser.parse(json(bad), WS, false));
        String control = "{" + context("MESSAGE", "a\\u0000b", "") + ",'body':'x'}";
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> EventParser.parse(json(control), WS, false));
        assertTrue(e.getMessage().contains("x-amzn-websocket-route-key"), e.getMessage());
    }
}
