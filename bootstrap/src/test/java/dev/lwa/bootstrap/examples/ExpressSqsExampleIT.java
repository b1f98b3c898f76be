package dev.lwa.bootstrap.examples;

import dev.lwa.emulator.InvocationResult;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code examples/express-sqs}: an Express app reading SQS batches through lwa's pass-through path,
 * behind the built layer, with its SAM template's settings. It gets the events its README sends
 * ({@code events/orders.json} and {@code ./lwa event sqs}) and its result is the partial batch
 * response Lambda reads with {@code ReportBatchItemFailures}.
 */
class ExpressSqsExampleIT {
    private static final String NAME = "express-sqs";

    @TempDir
    Path temp;

    @Test
    void theTemplateReportsBatchItemFailuresAndPassesEventsToTheAppsPath() throws Exception {
        Map<String, Object> function = ExpressExample.samFunction(NAME);
        Map<String, String> env = ExpressExample.environment(function);
        assertEquals("/opt/bootstrap", env.get("AWS_LAMBDA_EXEC_WRAPPER"));
        assertEquals("/events", env.get("AWS_LWA_PASS_THROUGH_PATH"));
        assertEquals("500-599", env.get("AWS_LWA_ERROR_STATUS_CODES"),
                "an app failure must fail the invocation: otherwise the batch counts as processed and is deleted");
        assertTrue(Files.readString(ExpressExample.EXAMPLES.resolve(NAME).resolve("app.js")).contains("app.post('/events'"),
                "the app's route is the pass-through path");
        Map<String, Object> sqs = ExpressExample.map(ExpressExample.map(ExpressExample.map(function.get("Events")).get("Orders")));
        assertEquals("SQS", sqs.get("Type"));
        assertEquals(List.of("ReportBatchItemFailures"), ExpressExample.map(sqs.get("Properties")).get("FunctionResponseTypes"),
                "without it Lambda ignores batchItemFailures and retries the whole batch");
        Path dir = ExpressExample.EXAMPLES.resolve(NAME);
        String dockerfile = Files.readString(dir.resolve("Dockerfile"));
        assertTrue(dockerfile.contains("\nARG LWA_IMAGE=" + ExpressExample.lwaImageName() + "\n"), "the image mvn package builds");
        assertTrue(dockerfile.contains("\nCOPY --from=lwa /opt /opt\n"), "the layer's tree copied to /opt");
        assertTrue(dockerfile.contains("AWS_LWA_PASS_THROUGH_PATH=/events"), dockerfile);
        assertTrue(dockerfile.contains("AWS_LWA_ERROR_STATUS_CODES=500-599"), dockerfile);
        assertTrue(Files.isExecutable(dir.resolve("run.sh")), "run.sh must be executable");
    }

    @Test
    void answersAnSqsBatchWithThePartialBatchResponse() throws Exception {
        Path taskRoot = ExpressExample.taskRoot(NAME, temp);
        Map<String, String> env = ExpressExample.environment(ExpressExample.samFunction(NAME));
        try (ExpressExample function = ExpressExample.start(taskRoot, env, temp)) {
            // events/orders.json: orders 1 and 3 are good, 2 has quantity 0, 4 is not JSON
            JsonObject result = result(function, Files.readAllBytes(taskRoot.resolve("events/orders.json")));
            assertEquals(ExpressExample.json("""
                    {"batchItemFailures":[{"itemIdentifier":"5f1b2c3d-0002-4a6e-9d1e-6f0a1b2c3d42"},
                                          {"itemIdentifier":"5f1b2c3d-0004-4a6e-9d1e-6f0a1b2c3d44"}]}"""), result);

            // ./lwa event sqs: AWS's sample, whose two messages are no orders
            JsonObject sample = result(function, ExpressExample.sampleEvent("sqsEvent.json").toString().getBytes());
            assertEquals(ExpressExample.json("""
                    {"batchItemFailures":[{"itemIdentifier":"059f36b4-87a3-44ab-83d2-661975830a7d"},
                                          {"itemIdentifier":"2e1424d4-f796-459a-8184-9c92662be6da"}]}"""), sample);

            // an app that fails altogether (Records not a list: Express answers its 500 page) fails
            // the invocation, so Lambda retries the batch instead of deleting every message
            InvocationResult failed = function.invoke("{\"Records\":{\"messageId\":\"m-1\",\"body\":\"{}\"}}".getBytes());
            assertEquals(java.util.Optional.of("lwa.ErrorStatusCode"), failed.errorType(), () -> failed + function.logs());

            String log = ExpressExample.read(function.appLog);
            assertTrue(log.contains("sqs: message 5f1b2c3d-0001-4a6e-9d1e-6f0a1b2c3d41 done"), function::logs);
            assertTrue(log.contains("sqs: message 5f1b2c3d-0004-4a6e-9d1e-6f0a1b2c3d44 rejected"), function::logs);
        }
    }

    private static JsonObject result(ExpressExample function, byte[] event) {
        InvocationResult r = function.invoke(event);
        assertTrue(r.isResponse(), () -> r + function.logs());
        return ExpressExample.json(r.body());
    }
}
