package dev.lwa.core.event;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Detection and mapping rules on hand-made events, and what a caller reads when an event cannot
 * become a request (D2: a readable InvalidEventException, never a silent pass-through of a broken
 * HTTP event).
 */
class EventParserTest {

    /** JSON with ' for " so the events stay readable. */
    private static byte[] json(String singleQuoted) {
        return singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    private static LambdaEvent parse(String singleQuoted) throws InvalidEventException {
        return EventParser.parse(json(singleQuoted));
    }

    private static AppRequest request(String singleQuoted) throws InvalidEventException {
        return assertInstanceOf(LambdaEvent.Http.class, parse(singleQuoted)).request();
    }

    private static String failure(byte[] event) {
        return assertThrows(InvalidEventException.class, () -> EventParser.parse(event)).getMessage();
    }

    private static String failure(String singleQuoted) {
        return failure(json(singleQuoted));
    }

    /** A REST v1 event with the given extra members (each starting with a comma). */
    private static String rest(String members) {
        return "{'httpMethod':'GET','path':'/p','requestContext':{'httpMethod':'GET','stage':'prod'}" + members + "}";
    }

    private static String v2(String members) {
        return "{'version':'2.0','rawPath':'/p','requestContext':{'http':{'method':'GET'},'domainName':'id.execute-api.us-east-1.amazonaws.com'}"
                + members + "}";
    }

    private static String alb(String members) {
        return "{'httpMethod':'GET','path':'/p','requestContext':{'elb':{'targetGroupArn':'arn'}}" + members + "}";
    }

    // ---- not JSON ------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "hello", "{'a':}", "{} {}", "[1] 2", "{'httpMethod':'GET'} trailing"})
    void notJsonIsInvalidAndSaysSo(String text) {
        String message = failure(json(text));
        assertTrue(message.startsWith("event is not valid JSON"), message);
    }

    // ---- valid JSON that is not an HTTP event --------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"[1, 2, 3]", "\"just a string\"", "42", "1", "7", "0", "-1.5e3", "true", "null", "{}",
            "{\"Records\":[{\"eventSource\":\"aws:sqs\",\"body\":\"hi\"}]}",
            "  {\"httpMethod\":\"GET\",\"path\":\"/no/request/context\"}  \n"})
    void otherJsonIsPassedThroughByteForByte(String text) throws InvalidEventException {
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        LambdaEvent.PassThrough pass = assertInstanceOf(LambdaEvent.PassThrough.class, EventParser.parse(raw));
        assertArrayEquals(raw, pass.json());
        assertEquals(EventKind.PASS_THROUGH, pass.kind());
    }

    @Test
    void numbersAndNestingInFieldsLwaDoesNotReadDoNotMatter() throws InvalidEventException {
        String deep = "[".repeat(400) + "]".repeat(400);
        String huge = "9".repeat(1_100);
        AppRequest r = request(v2(",'extra':" + deep + ",'n':" + huge + ",'e':1e9999999999"));
        assertEquals("/p", r.rawPath());
        byte[] pass = ("{\"Records\":[{\"n\":" + huge + ",\"deep\":" + deep + "}]}").getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(pass, assertInstanceOf(LambdaEvent.PassThrough.class, EventParser.parse(pass)).json());
    }

    @Test
    void nestingBeyondTheLimitIsInvalidAndSaysSo() {
        String deep = "[".repeat(600) + "]".repeat(600);
        String message = failure(v2(",'extra':" + deep));
        assertTrue(message.startsWith("event is not valid JSON: objects and arrays nest deeper than 512 levels at byte "), message);
    }

    @Test
    void websocketEventWithoutHttpFieldsIsPassedThrough() throws InvalidEventException {
        String ws = "{'requestContext':{'routeKey':'$connect','eventType':'CONNECT','connectionId':'abc='},'isBase64Encoded':false}";
        assertInstanceOf(LambdaEvent.PassThrough.class, parse(ws));
    }

    @Test
    void bedrockAgentEventWithHttpMethodButNoRequestContextIsPassedThrough() throws InvalidEventException {
        assertInstanceOf(LambdaEvent.PassThrough.class, parse("{'httpMethod':'GET','apiPath':'/x','agent':{}}"));
    }

    // ---- broken HTTP events -------------------------------------------------------------------

    @Test
    void headerNameWithASpaceIsInvalid() {
        String message = failure(rest(",'headers':{'bad name':'x'}"));
        assertTrue(message.contains("invalid header name") && message.contains("bad name"), message);
        assertTrue(message.startsWith("API Gateway REST event"), "the message names the event kind: " + message);
    }

    @ParameterizedTest(name = "0x{0}")
    @ValueSource(strings = {"0d", "0a", "00", "7f", "01", "1f"})
    void headerValueWithControlCharacterIsInvalid(String hex) {
        String value = "a\\u00" + hex + "b";
        for (String event : List.of(
                rest(",'headers':{'x-test':'" + value + "'}"),
                rest(",'multiValueHeaders':{'x-test':['ok','" + value + "']}"),
                v2(",'headers':{'x-test':'" + value + "'}"),
                alb(",'headers':{'x-test':'" + value + "'}"))) {
            String message = failure(event);
            assertTrue(message.contains("x-test") && message.contains("control character 0x" + hex.replaceFirst("^0", "")),
                    message);
        }
    }

    @Test
    void tabInAHeaderValueIsAllowed() throws InvalidEventException {
        assertEquals(List.of("a\tb"), request(rest(",'headers':{'x-test':'a\\tb'}")).headers().all("x-test"));
    }

    @Test
    void cookieWithANewlineIsInvalid() {
        String message = failure(v2(",'cookies':['a=1','b=2\\r\\nx-evil: 1']"));
        assertTrue(message.contains("cookies") && message.contains("control character 0xd"), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GE T", "GET\\n", "G(ET", "GÉT"})
    void invalidMethodIsInvalid(String method) {
        String message = failure("{'httpMethod':'" + method + "','path':'/','requestContext':{'httpMethod':'GET'}}");
        assertTrue(message.contains("httpMethod is not a valid HTTP method"), message);
        String v2message = failure("{'rawPath':'/','requestContext':{'http':{'method':'" + method + "'}}}");
        assertTrue(v2message.contains("requestContext.http.method is not a valid HTTP method"), v2message);
    }

    @Test
    void methodIsForwardedAsGivenAndEmptyMeansGet() throws InvalidEventException {
        assertEquals("PATCH", request("{'httpMethod':'PATCH','path':'/','requestContext':{'httpMethod':'PATCH'}}").method());
        assertEquals("PROPFIND", request(alb("").replace("'GET'", "'PROPFIND'")).method());
        assertEquals("GET", request("{'httpMethod':'','path':'/','requestContext':{'httpMethod':''}}").method());
    }

    @Test
    void nonStringHeaderValueIsInvalid() {
        String message = failure(rest(",'headers':{'x-count':1}"));
        assertTrue(message.contains("headers.x-count must be a string, got NUMBER"), message);
        String v2message = failure(v2(",'headers':{'x-flag':true}"));
        assertTrue(v2message.contains("x-flag must be a string, got TRUE"), v2message);
        String multi = failure(rest(",'multiValueHeaders':{'x-list':[1]}"));
        assertTrue(multi.contains("x-list must hold strings, got NUMBER"), multi);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aGk", "aGVsbG8", "aGk=a", "aGVsbG8h\\n", "aG k", "@@@@", "aGk=aGk="})
    void badBase64IsInvalid(String body) {
        for (String event : List.of(rest(",'isBase64Encoded':true,'body':'" + body + "'"),
                v2(",'isBase64Encoded':true,'body':'" + body + "'"),
                alb(",'isBase64Encoded':true,'body':'" + body + "'"))) {
            String message = failure(event);
            assertTrue(message.contains("isBase64Encoded but is not valid base64"), message);
        }
    }

    @Test
    void paddedBase64IsDecoded() throws InvalidEventException {
        assertArrayEquals("hi".getBytes(StandardCharsets.US_ASCII), request(rest(",'isBase64Encoded':true,'body':'aGk='")).bodyBytes());
        assertArrayEquals(new byte[] {(byte) 0xff, 0, (byte) 0xfe},
                request(v2(",'isBase64Encoded':true,'body':'/wD+'")).bodyBytes());
    }

    @Test
    void wrongTypesAreInvalidWithTheFieldNamed() {
        assertTrue(failure(rest(",'body':{'a':1}")).contains("body must be a string, got OBJECT"));
        assertTrue(failure(rest(",'isBase64Encoded':'true'")).contains("isBase64Encoded must be true or false"));
        assertTrue(failure(rest(",'headers':['a']")).contains("headers must be an object, got ARRAY"));
        assertTrue(failure(rest(",'queryStringParameters':{'a':1}")).contains("queryStringParameters.a must be an array of strings"));
    }

    // ---- mapping details ----------------------------------------------------------------------

    @Test
    void nullFieldsMeanAbsent() throws InvalidEventException {
        AppRequest r = request(rest(",'headers':null,'multiValueHeaders':null,'queryStringParameters':null,"
                + "'multiValueQueryStringParameters':null,'body':null,'isBase64Encoded':null"));
        assertEquals("", r.rawQuery());
        assertTrue(r.headers().isEmpty());
        assertEquals(0, r.bodyBytes().length);
    }

    @Test
    void textBodyIsForwardedAsUtf8() throws InvalidEventException {
        assertArrayEquals("Año ✓".getBytes(StandardCharsets.UTF_8), request(rest(",'body':'Año \\u2713'")).bodyBytes());
    }

    @Test
    void restHeadersFromBothMapsWithoutDuplicatesAcrossCase() throws InvalidEventException {
        AppRequest r = request(rest(",'headers':{'Accept':'text/html','X-Only-Single':'1'},"
                + "'multiValueHeaders':{'accept':['text/html','application/json']}"));
        assertEquals(List.of("text/html", "application/json"), r.headers().all("accept"));
        assertEquals(List.of("1"), r.headers().all("x-only-single"));
        assertEquals(3, r.headers().size());
    }

    @Test
    void aMultiValueEntryWithoutValuesLeavesTheSingleValue() throws InvalidEventException {
        // LWA extends the multi-value map with the single one: [] and null add nothing there
        AppRequest r = request(rest(",'headers':{'X-Keep':'v','X-Null':'w','Accept':'a'},"
                + "'multiValueHeaders':{'x-keep':[],'X-Null':null,'accept':['b']}"));
        assertEquals(List.of("v"), r.headers().all("x-keep"));
        assertEquals(List.of("w"), r.headers().all("x-null"));
        assertEquals(List.of("b"), r.headers().all("accept"));
        AppRequest alb = request(alb(",'headers':{'x-keep':'v'},'multiValueHeaders':{'x-keep':[]}"));
        assertEquals(List.of("v"), alb.headers().all("x-keep"));
    }

    @Test
    void restQueryIsFormEncodedInEventOrder() throws InvalidEventException {
        AppRequest r = request(rest(",'queryStringParameters':{'z':'last one','a':'x*-._~!é'}"));
        assertEquals("z=last+one&a=x*-._%7E%21%C3%A9", r.rawQuery());
        AppRequest multi = request(rest(",'queryStringParameters':{'q':'single'},'multiValueQueryStringParameters':{'q':['1','2'],'b':['&=']}"));
        assertEquals("q=1&q=2&b=%26%3D", multi.rawQuery(), "multiValue wins when present");
        AppRequest emptyMulti = request(rest(",'queryStringParameters':{'q':'single'},'multiValueQueryStringParameters':{}"));
        assertEquals("q=single", emptyMulti.rawQuery(), "an empty multiValue map falls back to the single map");
    }

    @Test
    void v2QueryIsVerbatimAndOnlyFromRawQueryString() throws InvalidEventException {
        assertEquals("a=%20b&c=d+e&f", request(v2(",'rawQueryString':'a=%20b&c=d+e&f','queryStringParameters':{'x':'y'}")).rawQuery());
        assertEquals("", request(v2(",'queryStringParameters':{'x':'y'}")).rawQuery(),
                "no rawQueryString: no query, even with queryStringParameters");
    }

    @Test
    void v2CookiesReplaceACookieHeader() throws InvalidEventException {
        AppRequest r = request(v2(",'headers':{'cookie':'old=1','x-a':'1'},'cookies':['a=1','b=2']"));
        assertEquals(List.of("a=1;b=2"), r.headers().all("cookie"));
        assertEquals(List.of("1"), r.headers().all("x-a"));
    }

    @Test
    void v2AcceptsPathWhenRawPathIsAbsent() throws InvalidEventException {
        String event = "{'path':'/alias','requestContext':{'http':{'method':'DELETE'}}}";
        AppRequest r = request(event);
        assertEquals("/alias", r.rawPath());
        assertEquals("DELETE", r.method());
    }

    @Test
    void v2HeaderNamesAreLowerCased() throws InvalidEventException {
        AppRequest r = request(v2(",'headers':{'X-Mixed-Case':'v'}"));
        assertEquals("x-mixed-case", r.headers().name(0));
    }

    @Test
    void albModeFollowsTheHeaderMapTheEventCarries() throws InvalidEventException {
        assertEquals(EventKind.ALB, parse(alb(",'headers':{'a':'1'}")).kind());
        assertEquals(EventKind.ALB, parse(alb(",'headers':{'a':'1'},'multiValueHeaders':null")).kind());
        assertEquals(EventKind.ALB_MULTI_VALUE, parse(alb(",'multiValueHeaders':{'a':['1','2']}")).kind());
        assertEquals(List.of("1", "2"), request(alb(",'multiValueHeaders':{'a':['1','2']}")).headers().all("a"));
    }

    @Test
    void albQueryKeysAndValuesAreNormalised() throws InvalidEventException {
        AppRequest r = request(alb(",'queryStringParameters':{'a':'b%20c','plus':'1+2','raw':'%3FshowAll%3Dtrue','k%20ey':'v','pct':'100%'}"));
        assertEquals("a=b+c&plus=1+2&raw=%3FshowAll%3Dtrue&k+ey=v&pct=100%25", r.rawQuery());
    }

    @Test
    void restIsTriedBeforeAlb() throws InvalidEventException {
        String both = "{'httpMethod':'GET','path':'/','requestContext':{'httpMethod':'GET','elb':{'targetGroupArn':'a'}}}";
        assertEquals(EventKind.API_GATEWAY_REST, parse(both).kind());
    }

    @Test
    void requestContextIsKeptForTheContextHeader() throws InvalidEventException {
        LambdaEvent.Http http = assertInstanceOf(LambdaEvent.Http.class, parse(rest("")));
        assertEquals("{\"httpMethod\":\"GET\",\"stage\":\"prod\"}", http.requestContextJson());
    }

    @Test
    void requestContextIsTheEventsOwnTextWithoutWhitespace() throws InvalidEventException {
        String event = "{ 'httpMethod' : 'GET', 'path' : '/p',\n  'requestContext' : {\n    'httpMethod' : 'GET',"
                + " 'path' : '/a b\\u00e9\\'\\\\',\t'n' : [ 1.50, -2e3, true, null ] } }";
        LambdaEvent.Http http = assertInstanceOf(LambdaEvent.Http.class, parse(event));
        assertEquals("{'httpMethod':'GET','path':'/a b\\u00e9\\'\\\\','n':[1.50,-2e3,true,null]}".replace('\'', '"'),
                http.requestContextJson());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{'httpMethod':'GET','path':'/p','requestContext':{'httpMethod':'GET','stage':'first'},"
                    + "'requestContext':{'httpMethod':'GET','stage':'last'}}",
            "{'httpMethod':'GET','path':'/p','requestContext':{'httpMethod':'GET','stage':'first'},"
                    + "'request\\u0043ontext':{'httpMethod':'GET','stage':'last'}}"})
    void requestContextIsTheOneTheEventIsMappedFrom(String event) throws InvalidEventException {
        // a repeated name counts last, as in the parsed object, however the name is spelled
        LambdaEvent.Http http = assertInstanceOf(LambdaEvent.Http.class, parse(event));
        assertEquals("{\"httpMethod\":\"GET\",\"stage\":\"last\"}", http.requestContextJson());
    }

    @Test
    void requestContextOfALargeEventIsTheSameValue() throws InvalidEventException {
        String body = "x".repeat(20_000);
        LambdaEvent.Http http = assertInstanceOf(LambdaEvent.Http.class,
                parse(rest(",'body':'" + body + "'").replace("'stage':'prod'", "'stage' : 'prod'")));
        assertEquals("{\"httpMethod\":\"GET\",\"stage\":\"prod\"}", http.requestContextJson());
    }

    @Test
    void latticeV1RawPathMayCarryTheQuery() throws InvalidEventException {
        AppRequest r = request("{'method':'POST','raw_path':'/a/b?x=1&y=%20','query_string_parameters':{'ignored':'1'},"
                + "'headers':{'Content-Type':'text/plain'},'body':'hi','is_base64_encoded':false}");
        assertEquals("/a/b", r.rawPath());
        assertEquals("x=1&y=%20", r.rawQuery());
        assertEquals(List.of("text/plain"), r.headers().all("content-type"));
        assertEquals("content-type", r.headers().name(0));
        assertArrayEquals("hi".getBytes(StandardCharsets.US_ASCII), r.bodyBytes());
    }

    @Test
    void latticeV2IsRecognisedByItsServiceNetwork() throws InvalidEventException {
        String event = "{'version':'2.0','method':'PUT','path':'/v2?q=1','headers':{'a':['1','2']},"
                + "'isBase64Encoded':true,'body':'aGk=','requestContext':{'serviceNetworkArn':'arn:sn'}}";
        LambdaEvent.Http http = assertInstanceOf(LambdaEvent.Http.class, parse(event));
        assertEquals(EventKind.VPC_LATTICE_V2, http.kind());
        assertEquals("/v2", http.request().rawPath());
        assertEquals("q=1", http.request().rawQuery());
        assertEquals(List.of("1", "2"), http.request().headers().all("a"));
        assertArrayEquals("hi".getBytes(StandardCharsets.US_ASCII), http.request().bodyBytes());
        assertInstanceOf(LambdaEvent.PassThrough.class,
                parse("{'method':'PUT','path':'/v2','requestContext':{}}"), "no serviceNetworkArn: not Lattice");
    }
}
