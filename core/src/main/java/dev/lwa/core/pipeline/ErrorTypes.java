package dev.lwa.core.pipeline;

/**
 * The {@code errorType} values lwa reports (D2, D3), instead of LWA 1.0's Rust type name. Each
 * says whose fault it was: the event, the app, or the limits of Lambda.
 */
public final class ErrorTypes {
    /** The event is not JSON, or a recognised HTTP event has a bad field (header, base64 body, method). */
    public static final String INVALID_EVENT = "lwa.InvalidEvent";
    /** Nothing listens on the app's port (connection refused). */
    public static final String APP_UNAVAILABLE = "lwa.AppUnavailable";
    /** The app closed or reset the connection, or sent a truncated body. */
    public static final String APP_CONNECTION_ERROR = "lwa.AppConnectionError";
    /** The app did not answer before the invocation's deadline (D6). */
    public static final String APP_TIMEOUT = "lwa.AppTimeout";
    /** The app did not speak HTTP/1.x. */
    public static final String INVALID_RESPONSE = "lwa.InvalidResponse";
    /** The app answered with a status listed in {@code AWS_LWA_ERROR_STATUS_CODES}. */
    public static final String ERROR_STATUS_CODE = "lwa.ErrorStatusCode";
    /** The buffered result would exceed Lambda's 6 MiB (+100 B) limit. */
    public static final String PAYLOAD_TOO_LARGE = "lwa.PayloadTooLarge";
    /** The app never became ready within {@code AWS_LWA_READINESS_CHECK_TIMEOUT} (D7). */
    public static final String APP_NOT_READY = "lwa.AppNotReady";
    /** The invocation could not be given memory for its bodies before its deadline (too much in flight). */
    public static final String OVERLOADED = "lwa.Overloaded";
    /** The adapter was stopped (SHUTDOWN or SIGTERM) before the invocation finished. */
    public static final String SHUTDOWN = "lwa.Shutdown";
    /** A bug in lwa itself: reported rather than crashing the process. */
    public static final String INTERNAL = "lwa.InternalError";

    // SnapStart: the platform's own types, as AWS's Java runtime client reports them (not lwa.*)

    /** SnapStart, before the snapshot: the before-checkpoint hook failed, or waiting for the restore did ({@code /init/error}). */
    public static final String BEFORE_CHECKPOINT = "Runtime.BeforeCheckpointError";
    /** SnapStart, after the restore: the after-restore hook failed, or the app was not ready in time ({@code /restore/error}). */
    public static final String AFTER_RESTORE = "Runtime.AfterRestoreError";

    private ErrorTypes() {
    }
}
