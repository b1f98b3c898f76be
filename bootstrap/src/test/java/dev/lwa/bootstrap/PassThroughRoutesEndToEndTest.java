package dev.lwa.bootstrap;

import dev.lwa.core.event.SharedEvents;
import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Beyond LWA: pass-through events routed by their source ({@code AWS_LWA_PASS_THROUGH_ROUTES}) and
 * {@code x-amzn-event-source}, through the emulator, the adapter and a real app.
 */
@LwaTest(settings = "AWS_LWA_PASS_THROUGH_ROUTES=sqs=/jobs,s3=uploads,eventbridge=/bus")
class PassThroughRoutesEndToEndTest {
    private static TestApp app;
    private static AdapterHarness lwa;

    @BeforeEach
    void fresh() {
        app.clear();
    }

    private static TestApp.Received send(String sampleFile) throws InterruptedException {
        byte[] event = SharedEvents.bytes(sampleFile);
        InvocationResult r = lwa.invoke(Invoke.of(event));
        assertTrue(r.isResponse(), r::toString);
        TestApp.Received got = app.take();
        assertEquals("POST", got.method());
        assertEquals(new String(event, java.nio.charset.StandardCharsets.UTF_8), got.bodyText(), "the event as it came");
        return got;
    }

    @Test
    void sqsGoesToJobsS3ToUploadsAndUnnamedSnsToThePassThroughPath() throws Exception {
        TestApp.Received sqs = send("powertools/sqsEvent.json");
        assertEquals("/jobs", sqs.rawPath());
        assertEquals("aws:sqs", sqs.header("x-amzn-event-source"));

        TestApp.Received s3 = send("java-libs/s3_event.json");
        assertEquals("/uploads", s3.rawPath(), "a route without a leading / gets one, as the pass-through path does");
        assertEquals("aws:s3", s3.header("x-amzn-event-source"));

        TestApp.Received sns = send("powertools/snsEvent.json");
        assertEquals("/events", sns.rawPath(), "sns has no route: AWS_LWA_PASS_THROUGH_PATH");
        assertEquals("aws:sns", sns.header("x-amzn-event-source"));
    }

    @ParameterizedTest
    @CsvSource({
            "powertools/sqsEvent.json, aws:sqs, /jobs",
            "powertools/snsEvent.json, aws:sns, /events",
            "powertools/s3Event.json, aws:s3, /uploads",
            "powertools/eventBridgeEvent.json, aws.events, /bus",
            "java-libs/cloudwatch_event.json, aws.events, /bus",
            "powertools/dynamoStreamEvent.json, aws:dynamodb, /events",
            "powertools/kinesisStreamEvent.json, aws:kinesis, /events",
            "powertools/kafkaEventMsk.json, aws:kafka, /events",
            "powertools/kafkaEventSelfManaged.json, aws:kafka, /events",
            "powertools/bedrockAgentEvent.json, unknown, /events",
    })
    void eachSampleEventKindSaysItsSource(String file, String header, String path) throws Exception {
        TestApp.Received got = send(file);
        assertEquals(header, got.header("x-amzn-event-source"), file);
        assertEquals(path, got.rawPath(), file);
    }

    @Test
    void anHttpRequestCannotClaimASource() throws Exception {
        InvocationResult r = lwa.invoke(Invoke.of(TestEvent.functionUrl("GET", "/x")
                .header("x-amzn-event-source", "aws:sqs").bytes()));
        assertTrue(r.isResponse(), r::toString);
        TestApp.Received got = app.take();
        assertEquals("/x", got.rawPath());
        assertNull(got.header("x-amzn-event-source"), "only lwa says where an event came from");
    }

    @Test
    @LwaTest
    void unsetSendsNoHeaderAsLwa(TestApp app, AdapterHarness lwa) throws Exception {
        lwa.invoke(Invoke.of(SharedEvents.bytes("powertools/sqsEvent.json")));
        TestApp.Received got = app.take();
        assertEquals("/events", got.rawPath());
        assertNull(got.header("x-amzn-event-source"));
    }

    @Test
    @LwaTest(settings = "AWS_LWA_EVENT_SOURCE_HEADER=true")
    void theHeaderAloneKeepsThePassThroughPath(TestApp app, AdapterHarness lwa) throws Exception {
        lwa.invoke(Invoke.of(SharedEvents.bytes("powertools/sqsEvent.json")));
        TestApp.Received got = app.take();
        assertEquals("/events", got.rawPath());
        assertEquals("aws:sqs", got.header("x-amzn-event-source"));
    }
}
