package dev.lwa.bootstrap;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Starts a real app on loopback, then the emulator and the adapter in-process pointed at it
 * ({@link AdapterHarness}), and stops them after the tests: the adapter first, then the app.
 *
 * <ul>
 *   <li>On a test class: one app and one adapter for all its tests, started before the first and
 *       stopped after the last. The class's fields of the app's type and of type
 *       {@link AdapterHarness}, static or not, are set to them; tests may also take them as
 *       parameters.</li>
 *   <li>On a test method: that test's own app and adapter (the class's, if any, are not used by
 *       it), handed to it as parameters, and to its {@code @BeforeEach} and {@code @AfterEach}
 *       methods.</li>
 * </ul>
 *
 * <pre>{@code
 * @LwaTest(app = RawSocketApp.class, settings = "AWS_LWA_READINESS_CHECK_PROTOCOL=tcp")
 * class SomeEndToEndTest {
 *     private static RawSocketApp app;
 *     private static AdapterHarness lwa;
 *
 *     @Test
 *     @LwaTest(concurrency = 2)   // this test's own TestApp and adapter with two pollers
 *     void twoAtOnce(TestApp app, AdapterHarness lwa) { ... }
 * }
 * }</pre>
 *
 * A test whose setup is not one of these (an app that starts late, a second adapter on the same
 * app, settings computed at run time) builds its own with {@link AdapterHarness#builder()} in a
 * try-with-resources block.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(LwaExtension.class)
@interface LwaTest {

    /** The app: {@link TestApp} (records what it receives), {@link RawSocketApp} (misbehaves on purpose) or {@link StreamingApp}. */
    Class<? extends LoopbackApp> app() default TestApp.class;

    /**
     * The adapter's settings, each {@code NAME=value}, on top of the emulator's environment and
     * {@code AWS_LWA_PORT} (which a setting may override).
     */
    String[] settings() default {};

    /** {@code AWS_LWA_INVOKE_MODE=response_stream}. */
    boolean streaming() default false;

    /** The emulator's concurrency (above 1: Managed Instances), so the adapter's number of pollers. */
    int concurrency() default 1;

    /** The function's memory in MB; 0: 128, or 2048 with a concurrency above 1 ({@link AdapterHarness.Builder#memoryMb}). */
    int memoryMb() default 0;

    /** The timeout the emulator enforces on each invocation, in seconds; 0: {@link AdapterHarness#DEFAULT_TIMEOUT}. */
    int timeoutSeconds() default 0;

    /** The adapter sees deadlines 28 s earlier than the emulator enforces them ({@link AdapterHarness.Builder#earlierDeadlines()}). */
    boolean earlierDeadlines() default false;

    /** The emulator's cap on a streamed response, in bytes; 0: the emulator's own (200 MiB). */
    long maxStreamedResponseBytes() default 0;

    /** Whether the tests start only once every poller has parked its {@code /next}. */
    boolean awaitPollers() default true;
}
