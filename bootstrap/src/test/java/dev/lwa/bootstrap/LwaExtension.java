package dev.lwa.bootstrap;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ModifierSupport;
import org.junit.platform.commons.support.ReflectionSupport;

import java.io.IOException;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Runs the lifecycle {@link LwaTest} describes: starts the app and the adapter before a test class
 * (or a test method) and stops them after it, and hands them to the test through fields and
 * parameters.
 */
final class LwaExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        TestInstancePostProcessor, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LwaExtension.class);
    private static final String CLASS_KEY = "class";
    private static final String METHOD_KEY = "method";

    /** An app and the adapter pointed at it. */
    record Started(LoopbackApp app, AdapterHarness lwa) implements AutoCloseable {

        static Started start(LwaTest config) throws Exception {
            LoopbackApp app = startApp(config.app());
            try {
                return new Started(app, harness(config, app.port()).start());
            } catch (Exception | Error e) {
                try {
                    app.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }

        /** Stops the adapter (and the emulator), then the app. */
        @Override
        public void close() throws Exception {
            try {
                lwa.close();
            } finally {
                app.close();
            }
        }

        /** The app or the adapter, for a field or parameter of {@code type}; empty when neither is of it. */
        Optional<Object> of(Class<?> type, String what) {
            if (type == AdapterHarness.class) {
                return Optional.of(lwa);
            }
            if (!LoopbackApp.class.isAssignableFrom(type)) {
                return Optional.empty();
            }
            if (!type.isInstance(app)) {
                throw new ExtensionConfigurationException(what + " is a " + type.getSimpleName() + ", but @LwaTest started a "
                        + app.getClass().getSimpleName() + " (say which with @LwaTest(app = ...))");
            }
            return Optional.of(app);
        }
    }

    static AdapterHarness.Builder harness(LwaTest config, int appPort) {
        AdapterHarness.Builder b = AdapterHarness.builder().appPort(appPort).concurrency(config.concurrency())
                .memoryMb(config.memoryMb()).awaitPollers(config.awaitPollers());
        if (config.streaming()) {
            b.streaming();
        }
        for (String setting : config.settings()) {
            int eq = setting.indexOf('=');
            if (eq <= 0) {
                throw new ExtensionConfigurationException("@LwaTest settings are NAME=value, not \"" + setting + "\"");
            }
            b.setting(setting.substring(0, eq), setting.substring(eq + 1));
        }
        if (config.earlierDeadlines() && config.timeoutSeconds() > 0) {
            throw new ExtensionConfigurationException("@LwaTest: earlierDeadlines sets the timeout; leave timeoutSeconds out");
        }
        if (config.earlierDeadlines()) {
            b.earlierDeadlines();
        }
        if (config.timeoutSeconds() > 0) {
            b.functionTimeout(Duration.ofSeconds(config.timeoutSeconds()));
        }
        if (config.maxStreamedResponseBytes() > 0) {
            b.emulator(e -> e.maxStreamedResponseBytes(config.maxStreamedResponseBytes()));
        }
        return b;
    }

    private static LoopbackApp startApp(Class<? extends LoopbackApp> type) throws IOException {
        if (type == TestApp.class) {
            return TestApp.start();
        }
        if (type == RawSocketApp.class) {
            return RawSocketApp.start();
        }
        if (type == StreamingApp.class) {
            return StreamingApp.start();
        }
        throw new ExtensionConfigurationException("@LwaTest cannot start a " + type.getName());
    }

    // ---- a test class ------------------------------------------------------------------------------

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Optional<LwaTest> config = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), LwaTest.class);
        if (config.isEmpty()) {
            return; // only methods carry it
        }
        Started started = Started.start(config.get());
        context.getStore(NAMESPACE).put(CLASS_KEY, started);
        setFields(context.getRequiredTestClass(), null, ModifierSupport::isStatic, started);
    }

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) {
        Started started = context.getStore(NAMESPACE).get(CLASS_KEY, Started.class);
        if (started != null) {
            setFields(testInstance.getClass(), testInstance, ModifierSupport::isNotStatic, started);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Started started = context.getStore(NAMESPACE).remove(CLASS_KEY, Started.class);
        if (started != null) {
            started.close();
        }
    }

    private static void setFields(Class<?> testClass, Object instance, Predicate<Field> kind, Started started) {
        List<Field> fields = ReflectionSupport.findFields(testClass, kind.and(ModifierSupport::isNotFinal),
                HierarchyTraversalMode.TOP_DOWN);
        for (Field field : fields) {
            Optional<Object> value = started.of(field.getType(), "field " + field.getName());
            if (value.isPresent()) {
                try {
                    field.setAccessible(true);
                    field.set(instance, value.get());
                } catch (IllegalAccessException e) {
                    throw new ExtensionConfigurationException("cannot set field " + field.getName(), e);
                }
            }
        }
    }

    // ---- a test method -------------------------------------------------------------------------

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        Optional<LwaTest> config = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), LwaTest.class);
        if (config.isPresent()) {
            context.getStore(NAMESPACE).put(METHOD_KEY, Started.start(config.get()));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Started started = context.getStore(NAMESPACE).remove(METHOD_KEY, Started.class);
        if (started != null) {
            started.close();
        }
    }

    // ---- parameters ------------------------------------------------------------------------------

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == AdapterHarness.class || LoopbackApp.class.isAssignableFrom(type);
    }

    /** The method's own app and adapter where it has them (a method {@code @LwaTest}), else the class's. */
    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        Started started = context.getTestMethod().isPresent() && store.get(METHOD_KEY) != null
                ? store.get(METHOD_KEY, Started.class)
                : store.get(CLASS_KEY, Started.class);
        if (started == null) {
            throw new ParameterResolutionException("no @LwaTest on " + parameter.getDeclaringExecutable().getName()
                    + " or its class to give it " + parameter.getParameter().getType().getSimpleName());
        }
        return started.of(parameter.getParameter().getType(), "parameter " + parameter.getIndex() + " of "
                + parameter.getDeclaringExecutable().getName()).orElseThrow();
    }
}
