package dev.lwa.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/settings.md rule by rule, from environment maps only. */
class ConfigTest {

    private static Config parse(Map<String, String> env) {
        try {
            return Config.fromEnv(env);
        } catch (ConfigException e) {
            throw new AssertionError("unexpected: " + e.getMessage(), e);
        }
    }

    private static String deprecation(String old, String replacement) {
        return "Environment variable '" + old + "' is deprecated and will be removed in version 2.0. Please use '"
                + replacement + "' instead.";
    }

    // ---- defaults and LWA's own tests ----------------------------------------------------------

    @Test
    void emptyEnvironmentGivesLwaDefaults() {
        Config c = parse(Map.of());
        assertEquals("127.0.0.1", c.app().host());
        assertEquals(8080, c.app().port());
        assertEquals(8080, c.readiness().port());
        assertEquals("/", c.readiness().path());
        assertEquals(ReadinessProtocol.HTTP, c.readiness().protocol());
        assertEquals(StatusCodes.range(100, 499), c.readiness().healthyStatus());
        assertEquals(Optional.empty(), c.readiness().timeout());
        assertFalse(c.readiness().asyncInit());
        assertEquals(Optional.empty(), c.forwarding().removeBasePath());
        assertFalse(c.forwarding().compression());
        assertEquals(InvokeMode.BUFFERED, c.forwarding().invokeMode());
        assertEquals("/events", c.forwarding().passThroughPath());
        assertEquals(Optional.empty(), c.forwarding().authorizationSource());
        assertTrue(c.forwarding().errorStatusCodes().isEmpty());
        assertEquals("127.0.0.1:9001", c.platform().runtimeApi());
        assertEquals("127.0.0.1:9001", c.platform().invocationApi());
        assertEquals(1, c.platform().maxConcurrency());
        assertFalse(c.platform().snapStart());
        assertEquals(InitType.ON_DEMAND, c.platform().initType());
        assertEquals(Duration.ofSeconds(4), c.app().poolIdleTimeout());
        assertTrue(c.app().pooling());
        assertEquals(SnapStartHooks.none(), c.snapStart());
        assertEquals(new FunctionInfo("", 0, "", "", ""), c.function());
        assertEquals(new LogSettings(System.Logger.Level.INFO, false), c.log());
        assertEquals(List.of(), c.warnings());
        assertEquals("127.0.0.1:8080", c.app().authority());
    }

    /** LWA test 1, test_adapter_options_from_env. */
    @Test
    void everyNamespacedVariableIsHonoured() {
        Config c = parse(Map.of(
                "AWS_LWA_PORT", "3000",
                "AWS_LWA_HOST", "localhost",
                "AWS_LWA_READINESS_CHECK_PORT", "8000",
                "AWS_LWA_READINESS_CHECK_PROTOCOL", "TCP",
                "AWS_LWA_READINESS_CHECK_PATH", "/healthcheck",
                "AWS_LWA_REMOVE_BASE_PATH", "/prod",
                "AWS_LWA_ASYNC_INIT", "true",
                "AWS_LWA_ENABLE_COMPRESSION", "true",
                "AWS_LWA_INVOKE_MODE", "buffered",
                "AWS_LWA_AUTHORIZATION_SOURCE", "auth-token"));
        assertEquals(3000, c.app().port());
        assertEquals("localhost", c.app().host());
        assertEquals(8000, c.readiness().port());
        assertEquals(ReadinessProtocol.TCP, c.readiness().protocol());
        assertEquals("/healthcheck", c.readiness().path());
        assertEquals(Optional.of("/prod"), c.forwarding().removeBasePath());
        assertTrue(c.readiness().asyncInit());
        assertTrue(c.forwarding().compression());
        assertEquals(InvokeMode.BUFFERED, c.forwarding().invokeMode());
        assertEquals(Optional.of("auth-token"), c.forwarding().authorizationSource());
        assertEquals(List.of(), c.warnings());
    }

    /** LWA test 2, test_adapter_options_from_namespaced_env; compression stays on (D5). */
    @Test
    void healthyStatusRangeAndResponseStreamingKeepCompression() {
        Config c = parse(Map.of(
                "AWS_LWA_PORT", "3000",
                "AWS_LWA_READINESS_CHECK_HEALTHY_STATUS", "200-399",
                "AWS_LWA_ENABLE_COMPRESSION", "true",
                "AWS_LWA_INVOKE_MODE", "response_stream"));
        assertTrue(c.readiness().healthyStatus().contains(200));
        assertTrue(c.readiness().healthyStatus().contains(399));
        assertFalse(c.readiness().healthyStatus().contains(400));
        assertEquals(InvokeMode.RESPONSE_STREAM, c.forwarding().invokeMode());
        assertTrue(c.forwarding().compression());
        assertEquals(List.of(), c.warnings(), "D5: no 'disabling compression' warning");
    }

    /** LWA test 3, test_readiness_check_port_fallback_to_lwa_port. */
    @Test
    void readinessPortFallsBackToTheAppPort() {
        Config c = parse(Map.of("AWS_LWA_PORT", "3000"));
        assertEquals(3000, c.readiness().port());
    }

    /** LWA test 4, test_port_fallback_to_port_env: PORT is a fallback, not deprecated. */
    @Test
    void portFallsBackToPortWithoutWarning() {
        Config c = parse(Map.of("PORT", "9090"));
        assertEquals(9090, c.app().port());
        assertEquals(9090, c.readiness().port());
        assertEquals(List.of(), c.warnings());
    }

    /** LWA test 23, test_deprecated_env_var_fallback. */
    @Test
    void deprecatedNamesAreHonouredWithOneWarningEach() {
        Config c = parse(Map.of(
                "PORT", "4000",
                "HOST", "0.0.0.0",
                "READINESS_CHECK_PORT", "4001",
                "READINESS_CHECK_PATH", "/ready",
                "READINESS_CHECK_PROTOCOL", "TCP",
                "REMOVE_BASE_PATH", "/stage",
                "ASYNC_INIT", "true"));
        assertEquals(4000, c.app().port());
        assertEquals("0.0.0.0", c.app().host());
        assertEquals(4001, c.readiness().port());
        assertEquals("/ready", c.readiness().path());
        assertEquals(ReadinessProtocol.TCP, c.readiness().protocol());
        assertEquals(Optional.of("/stage"), c.forwarding().removeBasePath());
        assertTrue(c.readiness().asyncInit());
        assertEquals(List.of(
                deprecation("HOST", "AWS_LWA_HOST"),
                deprecation("READINESS_CHECK_PORT", "AWS_LWA_READINESS_CHECK_PORT"),
                deprecation("READINESS_CHECK_PATH", "AWS_LWA_READINESS_CHECK_PATH"),
                deprecation("READINESS_CHECK_PROTOCOL", "AWS_LWA_READINESS_CHECK_PROTOCOL"),
                deprecation("ASYNC_INIT", "AWS_LWA_ASYNC_INIT"),
                deprecation("REMOVE_BASE_PATH", "AWS_LWA_REMOVE_BASE_PATH")), c.warnings());
    }

    /** A misspelt setting would otherwise change nothing without a word (LWA is silent). */
    @Test
    void anAwsLwaVariableNoSettingReadsIsNamedWithTheClosestSetting() {
        Config c = parse(Map.of("AWS_LWA_READYNESS_CHECK_PATH", "/health", "AWS_LWA_ENABLE_COMPRESION", "true",
                "AWS_LWA_SOMETHING_ELSE_ENTIRELY", "1", "AWS_LWA_PORT", "8080", "AWS_LWA_READINESS_CHECK_MIN_UNHEALTHY_STATUS", "500"));
        assertEquals("/", c.readiness().path(), "still ignored");
        assertEquals(List.of(
                "Environment variable 'AWS_LWA_ENABLE_COMPRESION' is not a setting lwa knows, and is ignored; did you mean "
                        + "'AWS_LWA_ENABLE_COMPRESSION'? (docs/settings.md lists them)",
                "Environment variable 'AWS_LWA_READYNESS_CHECK_PATH' is not a setting lwa knows, and is ignored; did you mean "
                        + "'AWS_LWA_READINESS_CHECK_PATH'? (docs/settings.md lists them)",
                "Environment variable 'AWS_LWA_SOMETHING_ELSE_ENTIRELY' is not a setting lwa knows, and is ignored"
                        + " (docs/settings.md lists them)"),
                c.warnings().stream().filter(w -> w.contains("not a setting")).toList(),
                "a removed name (MIN_UNHEALTHY_STATUS) has its own warning, not this one");
    }

    /** LWA test 24, test_namespaced_env_overrides_deprecated: no warning when the new name wins. */
    @Test
    void namespacedVariablesWinOverOldNames() {
        Config c = parse(Map.of(
                "PORT", "4000", "AWS_LWA_PORT", "5000",
                "HOST", "0.0.0.0", "AWS_LWA_HOST", "localhost",
                "ASYNC_INIT", "true", "AWS_LWA_ASYNC_INIT", "false"));
        assertEquals(5000, c.app().port());
        assertEquals("localhost", c.app().host());
        assertFalse(c.readiness().asyncInit());
        assertEquals(List.of(), c.warnings());
    }

    // ---- "set" includes the empty string ---------------------------------------------------------

    @Test
    void emptyNamespacedValueStillWinsOverTheFallback() {
        Config c = parse(Map.of("AWS_LWA_REMOVE_BASE_PATH", "", "REMOVE_BASE_PATH", "/stage"));
        assertEquals(Optional.empty(), c.forwarding().removeBasePath(), "\"\" wins and means no base path");
        assertEquals(List.of(), c.warnings());

        ConfigException e = assertThrows(ConfigException.class, () -> Config.fromEnv(Map.of("AWS_LWA_PORT", "", "PORT", "9090")));
        assertEquals("AWS_LWA_PORT", e.variable());
    }

    // ---- ports, host, path: fatal -------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "127.0.0.1:", "127.0.0.1:99999", "http://127.0.0.1:9001", "a b:9001"})
    void anUnusableRuntimeApiAddressIsFatalBeforeAnythingStarts(String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> Config.fromEnv(Map.of("AWS_LAMBDA_RUNTIME_API", value)));
        assertEquals("AWS_LAMBDA_RUNTIME_API", e.variable());
        assertTrue(e.getMessage().contains("host:port"), e.getMessage());
    }

    @Test
    void runtimeApiAddressesLambdaUsesAreAccepted() throws Exception {
        assertEquals("127.0.0.1:9001", Config.fromEnv(Map.of("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001")).platform().runtimeApi());
        assertEquals("localhost:9001", Config.fromEnv(Map.of("AWS_LAMBDA_RUNTIME_API", "localhost:9001")).platform().runtimeApi());
        assertEquals("[::1]:9001", Config.fromEnv(Map.of("AWS_LAMBDA_RUNTIME_API", "[::1]:9001")).platform().runtimeApi());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "abc", "", " 3000", "-1", "+80", "80.5", "123456"})
    void invalidPortIsFatalAndNamesTheVariable(String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> Config.fromEnv(Map.of("AWS_LWA_PORT", value)));
        assertEquals("AWS_LWA_PORT='" + value + "' is not a valid port: expected a number from 1 to 65535", e.getMessage());
        assertEquals("AWS_LWA_PORT", e.variable());
        assertEquals(value, e.value());
    }

    @Test
    void invalidFallbackPortNamesTheVariableActuallyRead() {
        ConfigException viaPort = assertThrows(ConfigException.class, () -> Config.fromEnv(Map.of("PORT", "http")));
        assertEquals("PORT", viaPort.variable());
        ConfigException readiness = assertThrows(ConfigException.class,
                () -> Config.fromEnv(Map.of("READINESS_CHECK_PORT", "99999")));
        assertEquals("READINESS_CHECK_PORT='99999' is not a valid port: expected a number from 1 to 65535", readiness.getMessage());
    }

    @Test
    void portBoundsAreAccepted() {
        assertEquals(1, parse(Map.of("AWS_LWA_PORT", "1")).app().port());
        assertEquals(65535, parse(Map.of("AWS_LWA_PORT", "65535")).app().port());
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "0.0.0.0", "127.0.0.1", "[::1]", "[2001:db8::1]", "my-app.internal", "app_1", "web.", "10.0.0.255"})
    void validHosts(String host) {
        assertEquals(host, parse(Map.of("AWS_LWA_HOST", host)).app().host());
    }

    /** Includes LWA's test_adapter_new_invalid_host (a host with spaces). */
    @ParameterizedTest
    @ValueSource(strings = {"my host", "", "::1", "[::1", "[nope]", "1.2.3.999", "1.2.3", "http://localhost", "host:8080", "a/b", "[]"})
    void invalidHostIsFatal(String host) {
        ConfigException e = assertThrows(ConfigException.class, () -> Config.fromEnv(Map.of("AWS_LWA_HOST", host)));
        assertEquals("AWS_LWA_HOST='" + host + "' is not a valid host: expected a hostname, an IPv4 address "
                + "or a bracketed IPv6 address such as [::1]", e.getMessage());
    }

    @Test
    void readinessPathMustStartWithSlash() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Config.fromEnv(Map.of("AWS_LWA_READINESS_CHECK_PATH", "health")));
        assertEquals("AWS_LWA_READINESS_CHECK_PATH='health' is not a valid path: expected a path starting with '/', "
                + "such as /health", e.getMessage());
    }

    @Test
    void readinessPathKeepsItsQueryAndEmptyMeansRoot() {
        assertEquals("/health?deep=true", parse(Map.of("AWS_LWA_READINESS_CHECK_PATH", "/health?deep=true")).readiness().path());
        assertEquals("/", parse(Map.of("AWS_LWA_READINESS_CHECK_PATH", "")).readiness().path());
    }

    /** LWA's URL parser drops white space at the end of the URL the path ends: "/health " probes /health. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"'/health '|/health", "'/health\t'|/health", "'  '|/"})
    void readinessPathLosesTrailingWhiteSpaceWithAWarning(String value, String probed) {
        Config c = parse(Map.of("AWS_LWA_READINESS_CHECK_PATH", value));
        assertEquals(probed, c.readiness().path());
        assertEquals(List.of("Environment variable 'AWS_LWA_READINESS_CHECK_PATH' ends with white space, which is dropped, "
                + "as LWA does: the check gets '" + probed + "'."), c.warnings());
    }

    @Test
    void portsWithLeadingZerosAreReadAsLwaReadsThem() {
        Config c = parse(Map.of("AWS_LWA_PORT", "008080", "AWS_LWA_READINESS_CHECK_PORT", "00443"));
        assertEquals(8080, c.app().port());
        assertEquals(443, c.readiness().port());
        assertEquals(List.of(), c.warnings());
    }

    // ---- booleans ---------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"TRUE", "True", "1", "yes", "on", ""})
    void booleansAreExactlyLowerCaseTrueOtherwiseFalseWithAWarning(String value) {
        Config c = parse(Map.of("AWS_LWA_ASYNC_INIT", value, "AWS_LWA_ENABLE_COMPRESSION", value));
        assertFalse(c.readiness().asyncInit());
        assertFalse(c.forwarding().compression());
        assertEquals(List.of(
                "Environment variable 'AWS_LWA_ASYNC_INIT' has invalid value '" + value
                        + "': expected true or false (lower case). Using false.",
                "Environment variable 'AWS_LWA_ENABLE_COMPRESSION' has invalid value '" + value
                        + "': expected true or false (lower case). Using false."), c.warnings());
    }

    @Test
    void falseIsQuiet() {
        Config c = parse(Map.of("AWS_LWA_ASYNC_INIT", "false", "AWS_LWA_ENABLE_COMPRESSION", "false"));
        assertFalse(c.readiness().asyncInit());
        assertEquals(List.of(), c.warnings());
    }

    // ---- modes ------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"http,HTTP", "HTTP,HTTP", "Tcp,TCP", "tcp,TCP"})
    void protocolIsCaseInsensitive(String value, ReadinessProtocol expected) {
        Config c = parse(Map.of("AWS_LWA_READINESS_CHECK_PROTOCOL", value));
        assertEquals(expected, c.readiness().protocol());
        assertEquals(List.of(), c.warnings());
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "", "https"})
    void unknownProtocolMeansHttpWithAWarning(String value) {
        Config c = parse(Map.of("AWS_LWA_READINESS_CHECK_PROTOCOL", value));
        assertEquals(ReadinessProtocol.HTTP, c.readiness().protocol());
        assertEquals(List.of("Environment variable 'AWS_LWA_READINESS_CHECK_PROTOCOL' has invalid value '" + value
                + "': expected http or tcp. Using http."), c.warnings());
    }

    @ParameterizedTest
    @CsvSource({"buffered,BUFFERED", "BUFFERED,BUFFERED", "response_stream,RESPONSE_STREAM", "Response_Stream,RESPONSE_STREAM"})
    void invokeModeIsCaseInsensitive(String value, InvokeMode expected) {
        Config c = parse(Map.of("AWS_LWA_INVOKE_MODE", value));
        assertEquals(expected, c.forwarding().invokeMode());
        assertEquals(List.of(), c.warnings());
    }

    @ParameterizedTest
    @ValueSource(strings = {"stream", "RESPONSE-STREAM", ""})
    void unknownInvokeModeMeansBufferedWithAWarning(String value) {
        Config c = parse(Map.of("AWS_LWA_INVOKE_MODE", value));
        assertEquals(InvokeMode.BUFFERED, c.forwarding().invokeMode());
        assertEquals(List.of("Environment variable 'AWS_LWA_INVOKE_MODE' has invalid value '" + value
                + "': expected buffered or response_stream. Using buffered."), c.warnings());
    }

    // ---- healthy status ---------------------------------------------------------------------------

    @Test
    void healthyStatusWarningsComeFromTheParser() {
        Config c = parse(Map.of("AWS_LWA_READINESS_CHECK_HEALTHY_STATUS", "200-299,abc"));
        assertTrue(c.readiness().healthyStatus().contains(204));
        assertFalse(c.readiness().healthyStatus().contains(404));
        assertEquals(List.of("Failed to parse status code: abc"), c.warnings());
    }

    @Test
    void emptyHealthySetIsKeptWithAWarningThatHttpReadinessCannotSucceed() {
        Config c = parse(Map.of("AWS_LWA_READINESS_CHECK_HEALTHY_STATUS", "abc"));
        assertTrue(c.readiness().healthyStatus().isEmpty());
        assertEquals(List.of(
                "Failed to parse status code: abc",
                "Environment variable 'AWS_LWA_READINESS_CHECK_HEALTHY_STATUS' ('abc') contains no status code, "
                        + "so the HTTP readiness check can never succeed."), c.warnings());
    }

    @Test
    void emptyHealthySetDoesNotMatterForTcpReadiness() {
        Config c = parse(Map.of("AWS_LWA_READINESS_CHECK_HEALTHY_STATUS", "", "AWS_LWA_READINESS_CHECK_PROTOCOL", "tcp"));
        assertTrue(c.readiness().healthyStatus().isEmpty());
        assertEquals(List.of(), c.warnings());
    }

    @Test
    void minUnhealthyStatusIsIgnoredButNamesItsReplacement() {
        Config c = parse(Map.of("AWS_LWA_READINESS_CHECK_MIN_UNHEALTHY_STATUS", "400"));
        assertEquals(StatusCodes.range(100, 499), c.readiness().healthyStatus(), "ignored, as in LWA 1.0");
        assertEquals(List.of("Environment variable 'AWS_LWA_READINESS_CHECK_MIN_UNHEALTHY_STATUS' was removed in version 1.0 "
                + "and is ignored. Please use 'AWS_LWA_READINESS_CHECK_HEALTHY_STATUS=100-399' instead."), c.warnings());

        Config odd = parse(Map.of("AWS_LWA_READINESS_CHECK_MIN_UNHEALTHY_STATUS", "lots"));
        assertTrue(odd.warnings().getFirst().endsWith("Please use 'AWS_LWA_READINESS_CHECK_HEALTHY_STATUS=100-<N-1>' instead."));
    }

    // ---- readiness timeout (D7) -----------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"30s,30000", "500ms,500", "2m,120000", "1500,1500", "1,1"})
    void readinessTimeoutTakesUnitsOrPlainMilliseconds(String value, long millis) {
        assertEquals(Optional.of(Duration.ofMillis(millis)),
                parse(Map.of("AWS_LWA_READINESS_CHECK_TIMEOUT", value)).readiness().timeout());
    }

    @Test
    void emptyReadinessTimeoutMeansWaitForever() {
        assertEquals(Optional.empty(), parse(Map.of("AWS_LWA_READINESS_CHECK_TIMEOUT", "")).readiness().timeout());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "0s", "-5s", "1.5s", "30 s", "10h", "s"})
    void unreadableReadinessTimeoutIsFatal(String value) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Config.fromEnv(Map.of("AWS_LWA_READINESS_CHECK_TIMEOUT", value)));
        assertEquals("AWS_LWA_READINESS_CHECK_TIMEOUT='" + value + "' is not a valid duration: expected a positive number "
                + "of milliseconds, or a number with the unit ms, s or m, such as 500ms, 30s or 2m", e.getMessage());
    }

    // ---- request/response settings --------------------------------------------------------------

    @Test
    void removeBasePathWithoutLeadingSlashIsKeptButWarned() {
        Config c = parse(Map.of("AWS_LWA_REMOVE_BASE_PATH", "prod"));
        assertEquals(Optional.of("prod"), c.forwarding().removeBasePath());
        assertEquals(List.of("Environment variable 'AWS_LWA_REMOVE_BASE_PATH' has value 'prod' which does not start "
                + "with '/', so it never matches a request path."), c.warnings());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "events|/events",
            "/custom|/custom",
            "''|/",
            "/a b|/a%20b",
            "/in?query=1|/in%3Fquery=1",
            "/x#frag|/x%23frag",
            "/Año|/A%C3%B1o",
            "/already%20encoded|/already%20encoded",
            "/a/../events|/events",
            "/./events/.|/events/"})
    void passThroughPathGetsALeadingSlashAndUrlPathEncoding(String value, String expected) {
        Config c = parse(Map.of("AWS_LWA_PASS_THROUGH_PATH", value));
        assertEquals(expected, c.forwarding().passThroughPath());
        assertEquals(expected.equals(value) ? List.of() : List.of("Environment variable 'AWS_LWA_PASS_THROUGH_PATH' is '"
                + value + "': events are posted to '" + expected + "', the path as a URL has it."), c.warnings());
    }

    @Test
    void authorizationSource() {
        assertEquals(Optional.of("X-Auth-Token"), parse(Map.of("AWS_LWA_AUTHORIZATION_SOURCE", "X-Auth-Token")).forwarding().authorizationSource());
        assertEquals(Optional.empty(), parse(Map.of("AWS_LWA_AUTHORIZATION_SOURCE", "")).forwarding().authorizationSource());

        Config bad = parse(Map.of("AWS_LWA_AUTHORIZATION_SOURCE", "auth token"));
        assertEquals(Optional.empty(), bad.forwarding().authorizationSource());
        assertEquals(List.of("Environment variable 'AWS_LWA_AUTHORIZATION_SOURCE' has invalid value 'auth token': "
                + "expected an HTTP header name such as x-auth-token. It is ignored."), bad.warnings());
    }

    @Test
    void errorStatusCodes() {
        Config c = parse(Map.of("AWS_LWA_ERROR_STATUS_CODES", "500,502-504"));
        assertEquals(List.of(500, 502, 503, 504), c.forwarding().errorStatusCodes().codes());
        assertTrue(parse(Map.of("AWS_LWA_ERROR_STATUS_CODES", "")).forwarding().errorStatusCodes().isEmpty());
        assertEquals(List.of("Failed to parse status code range: 5xx-"),
                parse(Map.of("AWS_LWA_ERROR_STATUS_CODES", "5xx-")).warnings());
    }

    // ---- platform ---------------------------------------------------------------------------------

    @Test
    void runtimeApiProxyAffectsOnlyInvocations() {
        Config c = parse(Map.of("AWS_LAMBDA_RUNTIME_API", "169.254.100.1:9001", "AWS_LWA_LAMBDA_RUNTIME_API_PROXY", "127.0.0.1:9002"));
        assertEquals("169.254.100.1:9001", c.platform().runtimeApi(), "D9: extension registration keeps the real API");
        assertEquals("127.0.0.1:9002", c.platform().invocationApi());
        assertEquals(List.of(), c.warnings());
    }

    @Test
    void runtimeApiProxyWithHttpSchemeIsAcceptedWithAWarning() {
        Config c = parse(Map.of("AWS_LWA_LAMBDA_RUNTIME_API_PROXY", "http://127.0.0.1:9002/"));
        assertEquals("127.0.0.1:9002", c.platform().invocationApi());
        assertEquals(List.of("Environment variable 'AWS_LWA_LAMBDA_RUNTIME_API_PROXY' should be host:port without a scheme: "
                + "using '127.0.0.1:9002' (the 'http://' prefix was removed)."), c.warnings());
    }

    @Test
    void emptyRuntimeApiProxyIsIgnoredWithAWarning() {
        Config c = parse(Map.of("AWS_LAMBDA_RUNTIME_API", "10.0.0.1:9001", "AWS_LWA_LAMBDA_RUNTIME_API_PROXY", ""));
        assertEquals("10.0.0.1:9001", c.platform().invocationApi());
        assertEquals(1, c.warnings().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1:9002", "127.0.0.1", "127.0.0.1:0", "proxy:abc", ":9002"})
    void unusableRuntimeApiProxyIsFatal(String value) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Config.fromEnv(Map.of("AWS_LWA_LAMBDA_RUNTIME_API_PROXY", value)));
        assertEquals("AWS_LWA_LAMBDA_RUNTIME_API_PROXY='" + value + "' is not a valid Runtime API address: expected "
                + "host:port of a plain-HTTP proxy, such as 127.0.0.1:9009", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"8,8", "1,1", "0,1", "+4,4", "1600,1600"})
    void maxConcurrency(String value, int expected) {
        Config c = parse(Map.of("AWS_LAMBDA_MAX_CONCURRENCY", value));
        assertEquals(expected, c.platform().maxConcurrency());
        assertEquals(List.of(), c.warnings());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1601", "4294967295"})
    void maxConcurrencyAboveWhatLambdaRunsIsCappedWithAWarning(String value) {
        // a poller and a queue slot per invocation: 4294967295 of them would never fit in memory
        Config c = parse(Map.of("AWS_LAMBDA_MAX_CONCURRENCY", value));
        assertEquals(1600, c.platform().maxConcurrency());
        assertEquals(List.of("Environment variable 'AWS_LAMBDA_MAX_CONCURRENCY' is " + value + ", more than the 1600 "
                + "invocations Lambda runs at once in one environment: using 1600."), c.warnings());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "", "4294967296", "2.5"})
    void unreadableMaxConcurrencyMeansOneWithAWarning(String value) {
        Config c = parse(Map.of("AWS_LAMBDA_MAX_CONCURRENCY", value));
        assertEquals(1, c.platform().maxConcurrency());
        assertEquals(List.of("Environment variable 'AWS_LAMBDA_MAX_CONCURRENCY' has invalid value '" + value
                + "': expected a whole number from 0 to 4294967295. Using 1 (one invocation at a time)."), c.warnings());
    }

    @ParameterizedTest
    @CsvSource({"on-demand,ON_DEMAND", "provisioned-concurrency,PROVISIONED_CONCURRENCY", "snap-start,SNAP_START",
            "lambda-managed-instances,OTHER", "SNAP-START,OTHER", "'',OTHER"})
    void initTypeAsLambdaWritesIt(String value, InitType expected) {
        Config c = parse(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", value));
        assertEquals(expected, c.platform().initType());
        assertEquals(expected == InitType.SNAP_START, c.platform().snapStart());
        assertEquals(List.of(), c.warnings());
    }

    @Test
    void functionInfoFromLambdaVariables() {
        Config c = parse(Map.of(
                "AWS_LAMBDA_FUNCTION_NAME", "my-fn",
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512",
                "AWS_LAMBDA_FUNCTION_VERSION", "$LATEST",
                "AWS_LAMBDA_LOG_STREAM_NAME", "2026/01/01/[$LATEST]abc",
                "AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/my-fn"));
        assertEquals(new FunctionInfo("my-fn", 512, "$LATEST", "2026/01/01/[$LATEST]abc", "/aws/lambda/my-fn"), c.function());
    }

    @Test
    void unreadableMemorySizeIsZeroWithAWarning() {
        Config c = parse(Map.of("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "lots"));
        assertEquals(0, c.function().memoryMb());
        assertEquals(List.of("Environment variable 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE' has invalid value 'lots': "
                + "expected a whole number of megabytes. Using 0."), c.warnings());
    }

    // ---- logging ----------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"TRACE,TRACE", "debug,DEBUG", "Info,INFO", "WARN,WARNING", "error,ERROR", "FATAL,ERROR"})
    void lambdaLogLevelWordsMapToSystemLoggerLevels(String value, System.Logger.Level expected) {
        assertEquals(expected, parse(Map.of("AWS_LAMBDA_LOG_LEVEL", value)).log().level());
    }

    @Test
    void rustLogIsUsedOnlyWhenItIsAPlainLevelWord() {
        assertEquals(System.Logger.Level.TRACE, parse(Map.of("RUST_LOG", "trace")).log().level());
        assertEquals(System.Logger.Level.INFO, parse(Map.of("RUST_LOG", "lambda_web_adapter=debug,hyper=off")).log().level());
        assertEquals(System.Logger.Level.ERROR,
                parse(Map.of("AWS_LAMBDA_LOG_LEVEL", "error", "RUST_LOG", "debug")).log().level(), "the Lambda setting wins");
    }

    @Test
    void unknownLambdaLogLevelIsWarnedAndFallsThrough() {
        Config c = parse(Map.of("AWS_LAMBDA_LOG_LEVEL", "verbose", "RUST_LOG", "debug"));
        assertEquals(System.Logger.Level.DEBUG, c.log().level());
        assertEquals(List.of("Environment variable 'AWS_LAMBDA_LOG_LEVEL' has invalid value 'verbose': "
                + "expected TRACE, DEBUG, INFO, WARN, ERROR or FATAL. It is ignored."), c.warnings());
    }

    @ParameterizedTest
    @CsvSource({"JSON,true", "json,true", "Json,true", "Text,false", "'',false"})
    void jsonLogFormatIsCaseInsensitive(String value, boolean json) {
        assertEquals(json, parse(Map.of("AWS_LAMBDA_LOG_FORMAT", value)).log().json());
    }

    // ---- the record itself --------------------------------------------------------------------------

    @Test
    void warningsAreImmutableAndInParseOrder() {
        Config c = parse(Map.of("HOST", "localhost", "AWS_LWA_INVOKE_MODE", "nope", "AWS_LAMBDA_MAX_CONCURRENCY", "x"));
        assertEquals(3, c.warnings().size());
        assertTrue(c.warnings().get(0).startsWith("Environment variable 'HOST' is deprecated"));
        assertTrue(c.warnings().get(1).startsWith("Environment variable 'AWS_LWA_INVOKE_MODE'"));
        assertTrue(c.warnings().get(2).startsWith("Environment variable 'AWS_LAMBDA_MAX_CONCURRENCY'"));
        assertThrows(UnsupportedOperationException.class, () -> c.warnings().add("x"));
    }

    // ---- LWA 1.1 seconds: readiness timeout, pool idle timeout ----------------------------------

    @ParameterizedTest
    @CsvSource({"10,10000000000", "2.5,2500000000", "0.001,1000000", "+1e1,10000000000", ".5,500000000",
            "1.0000000006,1000000001", "' 3',3000000000", "'3\t',3000000000"})
    void readinessTimeoutSecondsAsLwa11(String value, long nanos) {
        Config c = parse(Map.of("AWS_LWA_READINESS_CHECK_TIMEOUT_SECONDS", value));
        assertEquals(Optional.of(Duration.ofNanos(nanos)), c.readiness().timeout());
        assertEquals(List.of(), c.warnings());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "-0.5", "NaN", "inf", "infinity", "10s", "abc", "1 0", "1e13", "1e-12"})
    void unusableReadinessTimeoutSecondsMeansNoBoundWithAWarning(String value) {
        Config c = parse(Map.of("AWS_LWA_READINESS_CHECK_TIMEOUT_SECONDS", value));
        assertEquals(Optional.empty(), c.readiness().timeout());
        assertEquals(List.of("Environment variable 'AWS_LWA_READINESS_CHECK_TIMEOUT_SECONDS' has invalid value '"
                + value + "': expected a number of seconds above 0, such as 10 or 2.5. It is ignored."), c.warnings());
    }

    @Test
    void emptyReadinessTimeoutSecondsIsUnset() {
        Config c = parse(Map.of("AWS_LWA_READINESS_CHECK_TIMEOUT_SECONDS", ""));
        assertEquals(Optional.empty(), c.readiness().timeout());
        assertEquals(List.of(), c.warnings());
    }

    @Test
    void lwaOwnReadinessTimeoutWinsOverSecondsWithAWarning() {
        Config c = parse(Map.of("AWS_LWA_READINESS_CHECK_TIMEOUT", "30s", "AWS_LWA_READINESS_CHECK_TIMEOUT_SECONDS", "5"));
        assertEquals(Optional.of(Duration.ofSeconds(30)), c.readiness().timeout());
        assertEquals(List.of("Environment variables 'AWS_LWA_READINESS_CHECK_TIMEOUT' and "
                + "'AWS_LWA_READINESS_CHECK_TIMEOUT_SECONDS' are both set: 'AWS_LWA_READINESS_CHECK_TIMEOUT' applies "
                + "(30000 ms)."), c.warnings());
        // an empty TIMEOUT is unset, so SECONDS applies without a warning
        Config empty = parse(Map.of("AWS_LWA_READINESS_CHECK_TIMEOUT", "", "AWS_LWA_READINESS_CHECK_TIMEOUT_SECONDS", "5"));
        assertEquals(Optional.of(Duration.ofSeconds(5)), empty.readiness().timeout());
        assertEquals(List.of(), empty.warnings());
    }

    @ParameterizedTest
    @CsvSource({"4,4000", "0.5,500", "60,60000", "1.25,1250"})
    void poolIdleTimeoutSeconds(String value, long millis) {
        Config c = parse(Map.of("AWS_LWA_POOL_IDLE_TIMEOUT_SECONDS", value));
        assertEquals(Duration.ofMillis(millis), c.app().poolIdleTimeout());
        assertTrue(c.app().pooling());
        assertEquals(List.of(), c.warnings());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.0", "-0"})
    void zeroPoolIdleTimeoutTurnsReuseOff(String value) {
        Config c = parse(Map.of("AWS_LWA_POOL_IDLE_TIMEOUT_SECONDS", value));
        assertEquals(Duration.ZERO, c.app().poolIdleTimeout());
        assertFalse(c.app().pooling());
        assertEquals(List.of(), c.warnings());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-0.5", "NaN", "inf", "4s", "four"})
    void unusablePoolIdleTimeoutMeansTheDefaultWithAWarning(String value) {
        Config c = parse(Map.of("AWS_LWA_POOL_IDLE_TIMEOUT_SECONDS", value));
        assertEquals(Duration.ofSeconds(4), c.app().poolIdleTimeout());
        assertEquals(List.of("Environment variable 'AWS_LWA_POOL_IDLE_TIMEOUT_SECONDS' has invalid value '" + value
                + "': expected a number of seconds, 0 or more, such as 4 or 0.5. Using 4."), c.warnings());
    }

    // ---- SnapStart hook paths -----------------------------------------------------------------

    @Test
    void snapStartHookPathsAreStoredAsTheAdapterPostsThem() {
        Config c = parse(Map.of("AWS_LWA_SNAPSTART_BEFORE_CHECKPOINT_PATH", "snapstart/before",
                "AWS_LWA_SNAPSTART_AFTER_RESTORE_PATH", "/snapstart/after restore"));
        assertEquals(new SnapStartHooks(Optional.of("/snapstart/before"), Optional.of("/snapstart/after%20restore")),
                c.snapStart());
        assertEquals(List.of(), c.warnings());
    }

    @Test
    void emptyHookPathsAreUnset() {
        Config c = parse(Map.of("AWS_LWA_SNAPSTART_BEFORE_CHECKPOINT_PATH", "", "AWS_LWA_SNAPSTART_AFTER_RESTORE_PATH", ""));
        assertEquals(SnapStartHooks.none(), c.snapStart());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "//", "/..", "/%2f", "/./", "/a/..", ";x", "/%2e%2e"})
    void aHookPathThatMeansTheRootIsFatal(String value) {
        assertHookPathRejected("AWS_LWA_SNAPSTART_AFTER_RESTORE_PATH", value, Map.of(), "means /");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/snapstart/%25after", "/100%2561", "/a%252f"})
    void aHookPathThatStillHasAPercentOnceDecodedIsFatal(String value) {
        assertHookPathRejected("AWS_LWA_SNAPSTART_BEFORE_CHECKPOINT_PATH", value, Map.of(), "no '%' once decoded");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/reports/100%", "/a%zz", "/a%ff", "/a%c3"})
    void aHookPathThatCannotBeDecodedIsFatal(String value) {
        assertHookPathRejected("AWS_LWA_SNAPSTART_AFTER_RESTORE_PATH", value, Map.of(), "cannot be decoded");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/events", "/Events/", "/x/../events", "/%65vents", "/events;v=1"})
    void aHookPathThatIsThePassThroughPathIsFatal(String value) {
        assertHookPathRejected("AWS_LWA_SNAPSTART_BEFORE_CHECKPOINT_PATH", value, Map.of(),
                "other than AWS_LWA_PASS_THROUGH_PATH ('/events')");
    }

    @Test
    void theHookPathIsComparedWithTheConfiguredPassThroughPath() {
        assertHookPathRejected("AWS_LWA_SNAPSTART_AFTER_RESTORE_PATH", "/Sqs", Map.of("AWS_LWA_PASS_THROUGH_PATH", "sqs"),
                "other than AWS_LWA_PASS_THROUGH_PATH ('/sqs')");
        assertEquals(Optional.of("/events"), parse(Map.of("AWS_LWA_PASS_THROUGH_PATH", "/sqs",
                "AWS_LWA_SNAPSTART_AFTER_RESTORE_PATH", "/events")).snapStart().afterRestore());
    }

    private static void assertHookPathRejected(String variable, String value, Map<String, String> more, String why) {
        Map<String, String> env = new java.util.HashMap<>(more);
        env.put(variable, value);
        ConfigException e = assertThrows(ConfigException.class, () -> Config.fromEnv(env));
        assertEquals(variable, e.variable());
        assertTrue(e.getMessage().startsWith(variable + "='" + value + "' is not a valid SnapStart hook path: expected "),
                e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }
}
