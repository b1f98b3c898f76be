package dev.lwa.core.config;

import dev.lwa.core.event.EventSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The settings beyond LWA ({@link ExtrasSettings}), from environment maps only. */
class InvocationExtrasTest {

    private static Config parse(Map<String, String> env) {
        try {
            return Config.fromEnv(env);
        } catch (ConfigException e) {
            throw new AssertionError("unexpected: " + e.getMessage(), e);
        }
    }

    private static String skipped(String entry, String problem) {
        return "Environment variable 'AWS_LWA_PASS_THROUGH_ROUTES' has invalid entry '" + entry + "': " + problem
                + ". It is skipped.";
    }

    @Test
    void unsetIsLwasBehaviour() {
        Config c = parse(Map.of());
        assertEquals(InvocationExtras.none(), c.extras());
        assertFalse(c.extras().sourceHeader());
        assertFalse(c.extras().accessLog());
        assertEquals(Map.of(), c.extras().routes());
        assertEquals(List.of(), c.warnings());
    }

    @Test
    void emptyRoutesAreUnset() {
        Config c = parse(Map.of("AWS_LWA_PASS_THROUGH_ROUTES", ""));
        assertEquals(InvocationExtras.none(), c.extras());
        assertEquals(List.of(), c.warnings());
    }

    @Test
    void routesAreReadLikeThePassThroughPathAndTurnTheHeaderOn() {
        Config c = parse(Map.of("AWS_LWA_PASS_THROUGH_ROUTES",
                " sqs=/jobs , S3=uploads,eventbridge=/bus/a b,unknown=/other,kafka=/k?x"));
        assertEquals(Map.of(EventSource.SQS, "/jobs", EventSource.S3, "/uploads", EventSource.EVENTBRIDGE, "/bus/a%20b",
                EventSource.UNKNOWN, "/other", EventSource.KAFKA, "/k%3Fx"), c.extras().routes());
        assertTrue(c.extras().sourceHeader(), "routing reads the source: the app is told it too");
        assertEquals("/events", c.forwarding().passThroughPath(), "the others keep the pass-through path");
        assertEquals(List.of(), c.warnings());
    }

    @Test
    void badEntriesAreSkippedEachWithAWarning() {
        Config c = parse(Map.of("AWS_LWA_PASS_THROUGH_ROUTES",
                "sqs=/jobs,mq=/mq,s3,sns=,sqs=/again,,dynamodb=/ddb"));
        assertEquals(Map.of(EventSource.SQS, "/jobs", EventSource.DYNAMODB, "/ddb"), c.extras().routes());
        assertEquals(List.of(
                skipped("mq=/mq", "'mq' is none of sqs, sns, s3, eventbridge, dynamodb, kinesis, kafka, unknown"),
                skipped("s3", "it is not source=path"),
                skipped("sns=", "the path is empty"),
                skipped("sqs=/again", "sqs already has a route")), c.warnings());
    }

    @Test
    void onlyBadEntriesLeaveNoRoutesAndNoHeader() {
        Config c = parse(Map.of("AWS_LWA_PASS_THROUGH_ROUTES", "nonsense"));
        assertEquals(InvocationExtras.none(), c.extras());
        assertEquals(1, c.warnings().size());
    }

    @Test
    void aRouteToASnapStartHookPathIsSkipped() {
        Config c = parse(Map.of("AWS_LWA_SNAPSTART_AFTER_RESTORE_PATH", "/restore",
                "AWS_LWA_PASS_THROUGH_ROUTES", "sqs=/./restore,s3=/uploads"));
        assertEquals(Map.of(EventSource.S3, "/uploads"), c.extras().routes());
        assertEquals(List.of(skipped("sqs=/./restore",
                "'/restore' is a SnapStart hook path, which only the adapter calls")), c.warnings());
    }

    @Test
    void theHeaderAloneAndTheAccessLogAreBooleans() {
        Config c = parse(Map.of("AWS_LWA_EVENT_SOURCE_HEADER", "true", "AWS_LWA_ACCESS_LOG", "true"));
        assertTrue(c.extras().sourceHeader());
        assertTrue(c.extras().accessLog());
        assertEquals(Map.of(), c.extras().routes());

        Config bad = parse(Map.of("AWS_LWA_EVENT_SOURCE_HEADER", "yes", "AWS_LWA_ACCESS_LOG", "TRUE"));
        assertEquals(InvocationExtras.none(), bad.extras());
        assertEquals(List.of(
                "Environment variable 'AWS_LWA_EVENT_SOURCE_HEADER' has invalid value 'yes': expected true or false (lower case). Using false.",
                "Environment variable 'AWS_LWA_ACCESS_LOG' has invalid value 'TRUE': expected true or false (lower case). Using false."),
                bad.warnings());
    }
}
