package dev.lwa.bootstrap.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./lwa event [KIND]}: prints a real sample event of one trigger, to edit and feed to
 * {@code ./lwa invoke --event}; without a kind, lists them. The samples are published events, copied
 * unchanged, except the three WebSocket ones, which no compatible published sample fits and lwa
 * wrote from the documented shape (where each comes from: {@code events/README.md} beside them).
 */
public final class LocalEvents {

    /** One kind: its name on the command line, its file under {@code events/}, what it is. */
    record Sample(String kind, String file, String what) {
    }

    static final List<Sample> SAMPLES = List.of(
            new Sample("sqs", "powertools/sqsEvent.json", "SQS: two messages (pass-through)"),
            new Sample("sns", "powertools/snsEvent.json", "SNS: one notification (pass-through)"),
            new Sample("s3", "powertools/s3Event.json", "S3: one ObjectCreated:Put record (pass-through)"),
            new Sample("eventbridge", "powertools/eventBridgeEvent.json", "EventBridge: an EC2 state change (pass-through)"),
            new Sample("dynamodb", "powertools/dynamoStreamEvent.json", "DynamoDB stream: two records (pass-through)"),
            new Sample("kinesis", "powertools/kinesisStreamEvent.json", "Kinesis: two records (pass-through)"),
            new Sample("http-api", "powertools/apiGatewayProxyV2Event.json", "API Gateway HTTP API (2.0): POST /my/path"),
            new Sample("rest-api", "powertools/apiGatewayProxyEvent.json", "API Gateway REST API (1.0): GET /my/path"),
            new Sample("alb", "powertools/albEvent.json", "Application Load Balancer: GET /lambda"),
            new Sample("function-url", "powertools/lambdaFunctionUrlEvent.json", "Function URL: GET /"),
            new Sample("lattice", "powertools/vpcLatticeV2Event.json", "VPC Lattice (2.0): GET /newpath"),
            new Sample("websocket-connect", "lwa/websocketConnectEvent.json",
                    "API Gateway WebSocket: $connect (with AWS_LWA_WEBSOCKET_PATH)"),
            new Sample("websocket-message", "lwa/websocketMessageEvent.json",
                    "API Gateway WebSocket: a text message on $default (with AWS_LWA_WEBSOCKET_PATH)"),
            new Sample("websocket-disconnect", "lwa/websocketDisconnectEvent.json",
                    "API Gateway WebSocket: $disconnect (with AWS_LWA_WEBSOCKET_PATH)"));

    private LocalEvents() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.getFirst().equals("-h") || args.getFirst().equals("--help")) {
            out.println("usage: ./lwa event KIND   prints a sample event of that kind; edit it, then ./lwa invoke --event FILE -- <command>");
            out.println("kinds:");
            SAMPLES.forEach(s -> out.printf("  %-20s %s%n", s.kind(), s.what()));
            return 0;
        }
        Optional<Sample> sample = find(args.getFirst());
        if (sample.isEmpty() || args.size() > 1) {
            err.println("lwa event: unknown kind '" + String.join(" ", args) + "'; kinds: "
                    + String.join(", ", SAMPLES.stream().map(Sample::kind).toList()));
            return 2;
        }
        byte[] json = bytes(sample.get());
        out.write(json, 0, json.length);
        if (json.length > 0 && json[json.length - 1] != '\n') {
            out.println(); // one sample lacks the final newline; a shell prompt would follow it on the same line
        }
        out.flush();
        return 0;
    }

    static Optional<Sample> find(String kind) {
        return SAMPLES.stream().filter(s -> s.kind().equals(kind)).findFirst();
    }

    /** The sample's bytes as published. */
    static byte[] bytes(Sample sample) {
        try (InputStream in = LocalEvents.class.getResourceAsStream("events/" + sample.file())) {
            if (in == null) {
                throw new IllegalStateException("the sample " + sample.file() + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
