package dev.lwa.core.config;

/**
 * How Lambda started this execution environment ({@code AWS_LAMBDA_INITIALIZATION_TYPE}, set by
 * Lambda).
 */
public enum InitType {
    /** {@code on-demand}, and what applies when the variable is unset. */
    ON_DEMAND,
    /** {@code provisioned-concurrency}. */
    PROVISIONED_CONCURRENCY,
    /** {@code snap-start}: the environment is restored from a snapshot. */
    SNAP_START,
    /** Any other value, such as {@code lambda-managed-instances}. */
    OTHER;

    /** The variable's value as Lambda writes it, exactly; anything unknown is {@link #OTHER}. */
    static InitType of(String value) {
        return switch (value) {
            case "on-demand" -> ON_DEMAND;
            case "provisioned-concurrency" -> PROVISIONED_CONCURRENCY;
            case "snap-start" -> SNAP_START;
            default -> OTHER;
        };
    }
}
