package dev.lwa.core.event;

import dev.lwa.runtimeapi.json.JsonNode;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which AWS service sent a pass-through event, as {@code x-amzn-event-source} tells the app and
 * {@code AWS_LWA_PASS_THROUGH_ROUTES} names it. The header carries one of these fixed values, never
 * text copied from the event, so whatever an event holds cannot shape a header.
 */
public enum EventSource {
    SQS("aws:sqs"),
    SNS("aws:sns"),
    S3("aws:s3"),
    /** EventBridge's own {@code source} names the emitting service ({@code aws.ec2}): its value is the bus's. */
    EVENTBRIDGE("aws.events"),
    DYNAMODB("aws:dynamodb"),
    KINESIS("aws:kinesis"),
    /** Amazon MSK ({@code aws:kafka}) and self-managed Kafka ({@code aws:SelfManagedKafka}) alike. */
    KAFKA("aws:kafka"),
    /** Anything else: another service, a direct invoke, a JSON value that is not an object. */
    UNKNOWN("unknown");

    private final String header;

    EventSource(String header) {
        this.header = header;
    }

    /** The value of {@code x-amzn-event-source}. */
    public String header() {
        return header;
    }

    /** The name {@code AWS_LWA_PASS_THROUGH_ROUTES} knows it by: {@code sqs}, {@code eventbridge}, ... */
    public String shortName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The source with this short name, in any case. */
    public static Optional<EventSource> byShortName(String name) {
        for (EventSource s : values()) {
            if (s.shortName().equalsIgnoreCase(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * Reads the source from an event already checked as JSON, touching only the fields that say it:
     * {@code Records[0].eventSource} ({@code EventSource} for SNS), a top-level {@code eventSource}
     * (Kafka), or {@code detail-type} with {@code source} (EventBridge).
     */
    static EventSource of(JsonNode event) {
        if (!event.is(JsonNode.Type.OBJECT)) {
            return UNKNOWN;
        }
        JsonNode records = event.memberOrNull("Records");
        if (records != null && records.is(JsonNode.Type.ARRAY)) {
            List<JsonNode> list = records.elements();
            if (!list.isEmpty() && list.getFirst().is(JsonNode.Type.OBJECT)) {
                JsonNode first = list.getFirst();
                JsonNode named = first.memberOrNull("eventSource");
                if (named == null) {
                    named = first.memberOrNull("EventSource");
                }
                return named != null && named.is(JsonNode.Type.STRING) ? ofRecord(named.string()) : UNKNOWN;
            }
            return UNKNOWN;
        }
        JsonNode named = event.memberOrNull("eventSource");
        if (named != null && named.is(JsonNode.Type.STRING)) {
            String s = named.string();
            // self-managed Kafka: "SelfManagedKafka" in AWS's documented event, "aws:SelfManagedKafka" in others'
            return s.equals("aws:kafka") || s.equals("SelfManagedKafka") || s.equals("aws:SelfManagedKafka") ? KAFKA : UNKNOWN;
        }
        if (EventFields.isA(event, "detail-type", JsonNode.Type.STRING) && EventFields.isA(event, "source", JsonNode.Type.STRING)) {
            return EVENTBRIDGE;
        }
        return UNKNOWN;
    }

    private static EventSource ofRecord(String value) {
        return switch (value) {
            case "aws:sqs" -> SQS;
            case "aws:sns" -> SNS;
            case "aws:s3" -> S3;
            case "aws:dynamodb" -> DYNAMODB;
            case "aws:kinesis" -> KINESIS;
            default -> UNKNOWN;
        };
    }
}
