package dev.lwa.runtimeapi;

import java.util.Objects;
import java.util.Optional;

/**
 * One invocation as {@code GET /2018-06-01/runtime/invocation/next} delivered it.
 *
 * @param requestId       {@code Lambda-Runtime-Aws-Request-Id}
 * @param deadlineEpochMs {@code Lambda-Runtime-Deadline-Ms}
 * @param functionArn     {@code Lambda-Runtime-Invoked-Function-Arn}
 * @param traceId         {@code Lambda-Runtime-Trace-Id}
 * @param clientContext   {@code Lambda-Runtime-Client-Context} (raw JSON text)
 * @param cognitoIdentity {@code Lambda-Runtime-Cognito-Identity} (raw JSON text)
 * @param tenantId        {@code Lambda-Runtime-Aws-Tenant-Id}
 * @param event           the event bytes, as sent
 */
public record Invocation(String requestId,
                         long deadlineEpochMs,
                         Optional<String> functionArn,
                         Optional<String> traceId,
                         Optional<String> clientContext,
                         Optional<String> cognitoIdentity,
                         Optional<String> tenantId,
                         byte[] event) {
    public Invocation {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(functionArn, "functionArn");
        Objects.requireNonNull(traceId, "traceId");
        Objects.requireNonNull(clientContext, "clientContext");
        Objects.requireNonNull(cognitoIdentity, "cognitoIdentity");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(event, "event");
    }

    private static final byte[] NO_EVENT = new byte[0];

    /** The same invocation without its event bytes: what is still needed once the event has been read. */
    public Invocation withoutEvent() {
        return new Invocation(requestId, deadlineEpochMs, functionArn, traceId, clientContext, cognitoIdentity, tenantId,
                NO_EVENT);
    }
}
