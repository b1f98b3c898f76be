package dev.lwa.emulator;

import java.util.Objects;

/**
 * What stands in front of the function in {@link FrontDoor}: which event each HTTP request becomes,
 * how the result is read back, and the limits and error answers of that service.
 */
public sealed interface Trigger {

    /** A Lambda Function URL: payload 2.0, {@code $default} stage; the only trigger that can stream. */
    record FunctionUrl() implements Trigger {
    }

    /**
     * An API Gateway HTTP API with a {@code $default} route and payload 2.0. {@code stage} is
     * {@code $default} (no prefix in the URL) or a name, which then starts every URL path, as in the
     * stage's invoke URL, and stays in the event's {@code rawPath}.
     */
    record HttpApi(String stage) implements Trigger {
        public HttpApi {
            stage = checked(stage);
        }
    }

    /**
     * An API Gateway REST API with a {@code /{proxy+}} resource (and {@code ANY /}), Lambda proxy
     * integration, payload 1.0. REST APIs always have a named stage: it starts every URL path, and the
     * event's {@code path} leaves it out ({@code requestContext.path} has it).
     */
    record RestApi(String stage) implements Trigger {
        public RestApi {
            stage = checked(stage);
            if (stage.equals(DEFAULT_STAGE)) {
                throw new IllegalArgumentException("a REST API stage needs a name ($default is an HTTP API stage)");
            }
        }
    }

    /**
     * An Application Load Balancer target group with the function as its target; {@code multiValueHeaders}
     * is the target group attribute {@code lambda.multi_value_headers.enabled}.
     */
    record Alb(boolean multiValueHeaders) implements Trigger {
    }

    /** The HTTP API stage without a path prefix. */
    String DEFAULT_STAGE = "$default";

    /** Whether the function's response can be streamed through this trigger (only Function URLs can). */
    default boolean streams() {
        return this instanceof FunctionUrl;
    }

    /** The path prefix of the stage's base URL: {@code /prod}, or empty. */
    default String basePath() {
        return switch (this) {
            case HttpApi(String stage) -> stage.equals(DEFAULT_STAGE) ? "" : "/" + stage;
            case RestApi(String stage) -> "/" + stage;
            case FunctionUrl f -> "";
            case Alb a -> "";
        };
    }

    private static String checked(String stage) {
        Objects.requireNonNull(stage, "stage");
        // API Gateway's rule for stage names: letters, digits, '-' and '_' (and $default for HTTP APIs)
        if (!stage.equals(DEFAULT_STAGE) && !stage.matches("[A-Za-z0-9_-]{1,128}")) {
            throw new IllegalArgumentException("a stage name is letters, digits, '-' and '_', got " + stage);
        }
        return stage;
    }
}
