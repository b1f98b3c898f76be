package dev.lwa.emulator.internal;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** The environment variables Lambda gives a runtime, for the emulated function. */
public final class RuntimeEnvironment {

    private RuntimeEnvironment() {
    }

    /** A log stream name as Lambda makes them: {@code yyyy/MM/dd/[version]} and 32 random hex digits. */
    public static String logStreamName(FunctionConfig config) {
        return LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy/MM/dd"))
                + "/[" + config.functionVersion() + "]" + HexFormat.of().formatHex(randomBytes(16));
    }

    /** The variables, as {@link dev.lwa.emulator.LambdaEmulator#runtimeEnvironment()} documents them. */
    public static Map<String, String> of(FunctionConfig config, String runtimeApi, String logStreamName) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("AWS_LAMBDA_FUNCTION_NAME", config.functionName());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", config.functionVersion());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(config.memoryMb()));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + config.functionName());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", logStreamName);
        env.put("AWS_REGION", config.region());
        env.put("AWS_DEFAULT_REGION", config.region());
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", config.initType());
        if (config.managedInstances()) {
            env.put("AWS_LAMBDA_MAX_CONCURRENCY", Integer.toString(config.concurrency()));
        }
        if (!config.handler().isEmpty()) {
            env.put("_HANDLER", config.handler());
        }
        return Map.copyOf(env);
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
