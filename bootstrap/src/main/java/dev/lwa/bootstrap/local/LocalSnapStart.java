package dev.lwa.bootstrap.local;

import dev.lwa.emulator.ErrorInfo;
import dev.lwa.emulator.LambdaEmulator;
import dev.lwa.emulator.RestoreResult;
import dev.lwa.emulator.RuntimeCall;

import jakarta.json.Json;
import jakarta.json.JsonString;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code ./lwa local --snapstart}: SnapStart's lifecycle run once at start, so that restore hooks can
 * be tried without deploying. Waits for the checkpoint (the adapter in restore/next, every extension
 * in event/next), restores, and says what happened in one line per step.
 */
public final class LocalSnapStart {

    /** Lambda allows a SnapStart function's Init up to 15 minutes; local mode waits as long for the checkpoint. */
    static final Duration CHECKPOINT_TIMEOUT = Duration.ofMinutes(15);

    /** How the lifecycle went. */
    public sealed interface Outcome {
        /** 0 to go on serving, else the exit status of local mode. */
        int exitCode();

        record Restored(Duration checkpointAfter, Duration took) implements Outcome {
            public int exitCode() {
                return 0;
            }
        }

        /** The runtime asked for work without restore/next: it does not take part in SnapStart's restore. */
        record NotTakingPart() implements Outcome {
            public int exitCode() {
                return 0;
            }
        }

        record Failed(String reason) implements Outcome {
            public int exitCode() {
                return 1;
            }
        }
    }

    private LocalSnapStart() {
    }

    /**
     * Runs checkpoint and restore on {@code emulator} (built with {@code initType("snap-start")}),
     * reporting each step to {@code out}; {@code startedNanos} is when the app was started.
     */
    public static Outcome run(LambdaEmulator emulator, Duration checkpointTimeout, long startedNanos, Consumer<String> out) {
        if (!emulator.awaitCheckpoint(checkpointTimeout)) {
            Outcome outcome = noCheckpoint(emulator, checkpointTimeout);
            out.accept(switch (outcome) {
                case Outcome.NotTakingPart() -> "SnapStart: the adapter asked for invocations without restore/next, "
                        + "so it does not take part in SnapStart's restore; serving without a restore";
                case Outcome.Failed(String reason) -> "SnapStart: " + reason;
                case Outcome.Restored r -> throw new IllegalStateException("restored without a checkpoint");
            });
            return outcome;
        }
        Duration checkpointAfter = Duration.ofNanos(System.nanoTime() - startedNanos);
        out.accept("SnapStart: checkpoint reached after " + checkpointAfter.toMillis() + " ms");
        return switch (emulator.restore()) {
            case RestoreResult.Restored(Duration took) -> {
                out.accept("SnapStart: restored in " + took.toMillis() + " ms");
                yield new Outcome.Restored(checkpointAfter, took);
            }
            case RestoreResult.Failed(ErrorInfo error) -> failed(out, "restore failed: " + error.errorType()
                    + message(error).map(m -> ": " + m).orElse(""));
            case RestoreResult.TimedOut(Duration limit) -> failed(out, "restore failed: Runtime.RestoreHookUserTimeout: "
                    + "the adapter did not ask for an invocation within " + limit.toMillis() + " ms of the restore");
        };
    }

    private static Outcome noCheckpoint(LambdaEmulator emulator, Duration timeout) {
        List<String> paths = emulator.runtimeCalls().stream().map(RuntimeCall::path).toList();
        if (paths.stream().anyMatch(p -> p.endsWith("/runtime/invocation/next"))
                && paths.stream().noneMatch(p -> p.endsWith("/runtime/restore/next"))) {
            return new Outcome.NotTakingPart();
        }
        return new Outcome.Failed(emulator.initError()
                .map(e -> "init failed before the checkpoint: " + e.errorType() + message(e).map(m -> ": " + m).orElse(""))
                .orElse("no checkpoint within " + timeout.toSeconds() + " s (or local mode is stopping)"));
    }

    private static Outcome failed(Consumer<String> out, String reason) {
        out.accept("SnapStart: " + reason);
        return new Outcome.Failed(reason);
    }

    /** The error document's {@code errorMessage}, when it is one. */
    private static Optional<String> message(ErrorInfo error) {
        try (var reader = Json.createReader(new StringReader(error.bodyAsString()))) {
            var value = reader.readObject().get("errorMessage");
            return value instanceof JsonString s ? Optional.of(s.getString()) : Optional.empty();
        } catch (RuntimeException notJson) {
            return Optional.of(error.bodyAsString()).filter(b -> !b.isBlank());
        }
    }
}
