package dev.lwa.core.event;

/** The event cannot be turned into a request: says which field and what was expected. */
public final class InvalidEventException extends Exception {
    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
