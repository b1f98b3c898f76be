package dev.lwa.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LWA's {@code parse_status_codes} vectors (docs/behaviour.md, status lists) and the warnings it logs. */
class StatusCodesTest {

    private final List<String> warnings = new ArrayList<>();

    private List<Integer> parse(String spec) {
        return StatusCodes.parse(spec, warnings).codes();
    }

    @Test
    void listOfSinglesAndRangesInInputOrder() {
        assertEquals(List.of(500, 502, 503, 504, 422), parse("500,502-504,422"));
        assertEquals(List.of(), warnings);
    }

    @Test
    void whitespaceAroundItemsIsTrimmed() {
        assertEquals(List.of(500, 502, 503, 504, 422), parse("500, 502-504, 422"));
        assertEquals(List.of(500, 501, 502), parse(" 500-502\t"));
        assertEquals(List.of(), warnings);
    }

    @Test
    void singleRange() {
        assertEquals(List.of(500, 501, 502), parse("500-502"));
    }

    @Test
    void unparseableCodeIsSkippedWithAWarning() {
        assertEquals(List.of(), parse("invalid"));
        assertEquals(List.of("Failed to parse status code: invalid"), warnings);
    }

    @Test
    void unparseableRangeIsSkippedWithAWarning() {
        assertEquals(List.of(), parse("500-invalid"));
        assertEquals(List.of("Failed to parse status code range: 500-invalid"), warnings);
    }

    @ParameterizedTest
    @ValueSource(strings = {"200-300-400", "-5", "500-", "200 - 299", "1-70000"})
    void malformedRangesAreSkippedWithARangeWarning(String item) {
        assertEquals(List.of(), parse(item));
        assertEquals(List.of("Failed to parse status code range: " + item), warnings);
    }

    @Test
    void emptyInputGivesAnEmptySetWithoutWarnings() {
        StatusCodes codes = StatusCodes.parse("", warnings);
        assertTrue(codes.isEmpty());
        assertEquals(List.of(), warnings);
    }

    @Test
    void emptyItemsAreSkippedSilently() {
        assertEquals(List.of(500), parse("500,"));
        assertEquals(List.of(500, 502), parse(",500,,502"));
        assertEquals(List.of(), warnings);
    }

    @Test
    void reversedRangeIsEmptyAndSilent() {
        assertEquals(List.of(), parse("300-200"));
        assertEquals(List.of(), warnings);
    }

    @Test
    void valuesAreU16NotRangeChecked() {
        assertEquals(List.of(0, 999, 65535), parse("0,999,65535"));
        assertEquals(List.of(), parse("65536"));
        assertEquals(List.of("Failed to parse status code: 65536"), warnings);
    }

    @Test
    void rustU16ParsingAcceptsAPlusSignAndLeadingZeros() {
        // Rust's u16::from_str takes an optional '+'; '-' only appears as the range separator
        assertEquals(List.of(500, 200), parse("+500,00200"));
        assertEquals(List.of(), warnings);
    }

    @Test
    void leadingZerosGoButOneDigitStays() {
        assertEquals(List.of(0, 0, 0, 65535, 500, 7, 0), parse("0,000,+000,00065535,0000000000500,007,00-0"));
        assertEquals(List.of(), warnings);
        assertEquals(List.of(), parse("000065536,0000100000,+-0"));
        assertEquals(List.of("Failed to parse status code: 000065536", "Failed to parse status code: 0000100000",
                "Failed to parse status code range: +-0"), warnings);
    }

    @Test
    void duplicatesAreKeptAndWarningsComeInInputOrder() {
        assertEquals(List.of(500, 500, 501), parse("500,x,500-501,y-z"));
        assertEquals(List.of("Failed to parse status code: x", "Failed to parse status code range: y-z"), warnings);
    }

    @Test
    void containsAnswersForEveryListedCode() {
        StatusCodes codes = StatusCodes.parse("500,502-504", warnings);
        assertTrue(codes.contains(500));
        assertTrue(codes.contains(503));
        assertFalse(codes.contains(501));
        assertFalse(codes.contains(505));
        assertFalse(codes.contains(-1));
        assertFalse(codes.contains(70000));
    }

    @Test
    void noneAndRange() {
        assertTrue(StatusCodes.none().isEmpty());
        assertFalse(StatusCodes.none().contains(200));
        StatusCodes healthy = StatusCodes.range(100, 499);
        assertEquals(400, healthy.codes().size());
        assertTrue(healthy.contains(100) && healthy.contains(404) && healthy.contains(499));
        assertFalse(healthy.contains(99) || healthy.contains(500));
        assertEquals("100-499", healthy.toString());
        assertEquals(healthy, StatusCodes.parse("100-499", warnings));
    }
}
