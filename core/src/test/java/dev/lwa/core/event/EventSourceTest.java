package dev.lwa.core.event;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Which service sent a pass-through event, read from the published sample events and a few edge shapes. */
class EventSourceTest {

    private static LambdaEvent.PassThrough read(byte[] event) throws InvalidEventException {
        return assertInstanceOf(LambdaEvent.PassThrough.class, EventParser.parse(event, Optional.empty(), true));
    }

    @ParameterizedTest
    @CsvSource({
            "powertools/sqsEvent.json, SQS, aws:sqs",
            "java-libs/sqs/sqs_event_nobody.json, SQS, aws:sqs",
            "powertools/snsEvent.json, SNS, aws:sns",
            "java-libs/sns_event.json, SNS, aws:sns",
            "powertools/s3Event.json, S3, aws:s3",
            "java-libs/s3_event.json, S3, aws:s3",
            "powertools/eventBridgeEvent.json, EVENTBRIDGE, aws.events",
            "java-libs/cloudwatch_event.json, EVENTBRIDGE, aws.events",
            "powertools/dynamoStreamEvent.json, DYNAMODB, aws:dynamodb",
            "java-libs/ddb/dynamo_event.json, DYNAMODB, aws:dynamodb",
            "powertools/kinesisStreamEvent.json, KINESIS, aws:kinesis",
            "java-libs/kinesis_event.json, KINESIS, aws:kinesis",
            "powertools/kafkaEventMsk.json, KAFKA, aws:kafka",
            "powertools/kafkaEventSelfManaged.json, KAFKA, aws:kafka",
            "powertools/bedrockAgentEvent.json, UNKNOWN, unknown",
            "powertools/apiGatewayAuthorizerTokenEvent.json, UNKNOWN, unknown",
    })
    void sampleEvents(String file, EventSource expected, String header) throws Exception {
        LambdaEvent.PassThrough pass = read(SharedEvents.bytes(file));
        assertEquals(Optional.of(expected), pass.source(), file);
        assertEquals(header, expected.header());
        assertEquals(Optional.of(expected), pass.withoutBody().source(), "kept after the bytes are dropped");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[1,2]| UNKNOWN",
            "\"text\"| UNKNOWN",
            "{}| UNKNOWN",
            "{\"Records\":[]}| UNKNOWN",
            "{\"Records\":[1]}| UNKNOWN",
            "{\"Records\":[{\"eventSource\":\"aws:sqs\"},{\"eventSource\":\"aws:s3\"}]}| SQS",
            "{\"Records\":[{\"eventSource\":\"aws:mq\"}]}| UNKNOWN",
            "{\"Records\":[{\"eventSource\":7}]}| UNKNOWN",
            "{\"Records\":{\"eventSource\":\"aws:sqs\"}}| UNKNOWN",
            "{\"eventSource\":\"aws:sqs\"}| UNKNOWN",
            "{\"eventSource\":\"aws:kafka\"}| KAFKA",
            "{\"eventSource\":\"SelfManagedKafka\"}| KAFKA",
            "{\"eventSource\":\"aws:SelfManagedKafka\"}| KAFKA",
            "{\"detail-type\":\"x\",\"source\":\"my.app\"}| EVENTBRIDGE",
            "{\"detail-type\":\"x\"}| UNKNOWN",
            "{\"Records\":[{\"eventSource\":\"aws\\u003asqs\"}]}| SQS",
    })
    void edgeShapes(String json, EventSource expected) throws Exception {
        assertEquals(Optional.of(expected), read(json.getBytes(StandardCharsets.UTF_8)).source(), json);
    }

    @org.junit.jupiter.api.Test
    void notReadUnlessAsked() throws Exception {
        byte[] sqs = SharedEvents.bytes("powertools/sqsEvent.json");
        assertEquals(Optional.empty(), assertInstanceOf(LambdaEvent.PassThrough.class, EventParser.parse(sqs)).source());
    }
}
