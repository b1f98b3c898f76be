package dev.lwa.emulator.internal;

/** A Runtime/Extensions API refusal: HTTP status plus the {@code {"errorMessage","errorType"}} body. */
public record ApiError(int status, String errorType, String errorMessage) {

    public static ApiError invalidRequestId() {
        return new ApiError(400, "InvalidRequestID", "Invalid request ID");
    }

    public static ApiError invokeTimeout(String requestId) {
        return new ApiError(410, "InvokeTimeout", "Invoke " + requestId + " already timed out");
    }

    public static ApiError invalidStateTransition(String message) {
        return new ApiError(403, "InvalidStateTransition", message);
    }

    public static ApiError tooLarge(long limit) {
        return new ApiError(413, "RequestEntityTooLarge", "Exceeded maximum allowed payload size (" + limit + " bytes).");
    }

    public static ApiError shuttingDown() {
        return new ApiError(500, "Runtime.Shutdown", "The emulator is shutting down");
    }
}
