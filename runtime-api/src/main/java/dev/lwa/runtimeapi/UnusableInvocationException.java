package dev.lwa.runtimeapi;

import java.io.IOException;

/**
 * {@code /next} delivered an invocation whose request id is usable but whose head is not (no
 * deadline, or one that is not epoch milliseconds), or whose event broke off after the head. The invocation is Lambda's until it is
 * answered: the caller reports an error for {@link #requestId()} rather than dropping it, which
 * would leave the caller waiting until the function's timeout.
 */
public final class UnusableInvocationException extends IOException {
    private final String requestId;

    public UnusableInvocationException(String requestId, String why) {
        super("the Runtime API gave invocation " + requestId + " " + why);
        this.requestId = requestId;
    }

    public String requestId() {
        return requestId;
    }
}
