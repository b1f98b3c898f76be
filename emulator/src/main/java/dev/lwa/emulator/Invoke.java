package dev.lwa.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One invocation as a caller submits it: the event bytes plus the optional context that Lambda
 * hands to the runtime in the {@code /next} headers. Build it with {@link #of(byte[])} and the
 * withers, e.g. {@code Invoke.of(event).traceId("Root=1-...").timeout(Duration.ofSeconds(3))}.
 *
 * @param event           event bytes, delivered verbatim as the {@code /next} body
 * @param traceId         {@code Lambda-Runtime-Trace-Id}
 * @param clientContext   {@code Lambda-Runtime-Client-Context} (JSON, passed as is)
 * @param cognitoIdentity {@code Lambda-Runtime-Cognito-Identity} (JSON, passed as is)
 * @param tenantId        {@code Lambda-Runtime-Aws-Tenant-Id}
 * @param requestId       a fixed request id instead of a random UUID
 * @param timeout         this invocation's timeout instead of the emulator's function timeout
 */
public record Invoke(
        byte[] event,
        Optional<String> traceId,
        Optional<String> clientContext,
        Optional<String> cognitoIdentity,
        Optional<String> tenantId,
        Optional<String> requestId,
        Optional<Duration> timeout) {

    public Invoke {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(traceId, "traceId");
        Objects.requireNonNull(clientContext, "clientContext");
        Objects.requireNonNull(cognitoIdentity, "cognitoIdentity");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(timeout, "timeout");
        timeout.ifPresent(t -> {
            if (t.isNegative() || t.isZero()) {
                throw new IllegalArgumentException("invocation timeout must be positive, got " + t);
            }
        });
        event = event.clone();
    }

    public static Invoke of(byte[] event) {
        return new Invoke(event, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** The event as UTF-8 text, e.g. a JSON document. */
    public static Invoke of(String event) {
        return of(event.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] event() {
        return event.clone();
    }

    public Invoke traceId(String value) {
        return new Invoke(event, Optional.of(value), clientContext, cognitoIdentity, tenantId, requestId, timeout);
    }

    public Invoke clientContext(String value) {
        return new Invoke(event, traceId, Optional.of(value), cognitoIdentity, tenantId, requestId, timeout);
    }

    public Invoke cognitoIdentity(String value) {
        return new Invoke(event, traceId, clientContext, Optional.of(value), tenantId, requestId, timeout);
    }

    public Invoke tenantId(String value) {
        return new Invoke(event, traceId, clientContext, cognitoIdentity, Optional.of(value), requestId, timeout);
    }

    public Invoke requestId(String value) {
        return new Invoke(event, traceId, clientContext, cognitoIdentity, tenantId, Optional.of(value), timeout);
    }

    public Invoke timeout(Duration value) {
        return new Invoke(event, traceId, clientContext, cognitoIdentity, tenantId, requestId, Optional.of(value));
    }

    /** Byte-wise equality: a record over an array would otherwise compare identities. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Invoke that
                && Arrays.equals(event, that.event)
                && traceId.equals(that.traceId)
                && clientContext.equals(that.clientContext)
                && cognitoIdentity.equals(that.cognitoIdentity)
                && tenantId.equals(that.tenantId)
                && requestId.equals(that.requestId)
                && timeout.equals(that.timeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(event), traceId, clientContext, cognitoIdentity, tenantId, requestId, timeout);
    }

    @Override
    public String toString() {
        return "Invoke[" + event.length + " bytes, requestId=" + requestId.orElse("(random)")
                + ", traceId=" + traceId.orElse("-") + ", timeout=" + timeout.map(Duration::toString).orElse("default") + "]";
    }
}
