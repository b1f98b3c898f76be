package dev.lwa.runtimeapi.json;

/**
 * The text is not one JSON value (RFC 8259), or nests deeper than {@link JsonNode#MAX_DEPTH}. The
 * message says what was wrong and at which byte, in words a user can act on.
 */
public final class JsonSyntaxException extends Exception {
    private final int offset;

    JsonSyntaxException(String what, int offset) {
        super(what + " at byte " + offset);
        this.offset = offset;
    }

    /** The byte offset in the input where the problem was found. */
    public int offset() {
        return offset;
    }
}
