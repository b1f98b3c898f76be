package dev.lwa.runtimeapi.json;

import dev.lwa.runtimeapi.http.SizedBody;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One value of a JSON text that {@link #parse} has checked, read in place: nothing is decoded
 * until it is asked for, and a member lwa never reads costs one scan over its bytes. So a number of
 * any size or a string of any length in a field lwa does not use changes nothing, and a body is
 * decoded straight from the event's bytes into the bytes the app receives, without a tree or a
 * {@code String} in between.
 *
 * <p>Not thread-safe: an object's member index is built on first use. An event is read by the one
 * thread that handles its invocation.
 */
public final class JsonNode {
    /**
     * How deep objects and arrays may nest. Deeper text is refused with a clear message rather than
     * risking the reader's resources; real events nest fewer than 20 levels.
     */
    public static final int MAX_DEPTH = 512;

    /** The kinds of JSON value; the names are those error messages use ("got NUMBER"). */
    public enum Type { OBJECT, ARRAY, STRING, NUMBER, TRUE, FALSE, NULL }

    /** A member of an object, its name decoded. */
    public record Member(String name, JsonNode value) {
    }

    private static final int[] NO_MEMBERS = new int[0];
    /** Ints per member in an object's index: name quote, name end (after its quote), value start, value end, decoded length. */
    static final int INDEX_STRIDE = 5;
    /** The decoded length of a value that is not a string, or of one nothing measured. */
    static final int NOT_MEASURED = -1;

    private final byte[] text;
    private final int start;
    private final int end;
    /**
     * For a string: the bytes its content takes with its escapes resolved, when the check measured
     * them (the root object's members, where the bodies are); else {@link #NOT_MEASURED}.
     */
    private final int decodedLength;
    /** Object members, once indexed ({@link #INDEX_STRIDE} ints each). */
    private int[] index;

    JsonNode(byte[] text, int start, int end) {
        this(text, start, end, NOT_MEASURED);
    }

    private JsonNode(byte[] text, int start, int end, int decodedLength) {
        this.text = text;
        this.start = start;
        this.end = end;
        this.decodedLength = decodedLength;
    }

    /**
     * Checks that {@code json} is exactly one JSON value (whitespace around it allowed) and returns
     * it. UTF-8 as Lambda sends it; a UTF-8 byte order mark is skipped and UTF-16/32 text (RFC 4627
     * detection) is read after transcoding it. Bytes that are not valid UTF-8 are kept as they are
     * and become U+FFFD only where a string is decoded to text.
     */
    public static JsonNode parse(byte[] json) throws JsonSyntaxException {
        byte[] utf8 = Utf.toUtf8(json);
        JsonValidator.Checked checked = check(utf8);
        JsonNode root = new JsonNode(utf8, checked.start(), checked.end());
        root.index = checked.members(); // null unless an object: then found while checking
        return root;
    }

    /**
     * Checks {@code json} as {@link #parse} does and returns it compact, as {@link #compactBytes}
     * spells it: {@code json} itself when it is UTF-8 and has no whitespace between its tokens or
     * around it (what most frameworks send: a multi-megabyte answer is then not copied), else a new
     * array.
     */
    public static byte[] compact(byte[] json) throws JsonSyntaxException {
        byte[] utf8 = Utf.toUtf8(json);
        JsonValidator.Checked checked = check(utf8);
        if (!checked.compact()) {
            return Compact.bytes(utf8, checked.start(), checked.end());
        }
        return checked.start() == 0 && checked.end() == utf8.length ? utf8
                : java.util.Arrays.copyOfRange(utf8, checked.start(), checked.end());
    }

    /** The check of a UTF-8 text, after its byte order mark if it has one. */
    private static JsonValidator.Checked check(byte[] utf8) throws JsonSyntaxException {
        int from = utf8.length >= 3 && utf8[0] == (byte) 0xEF && utf8[1] == (byte) 0xBB && utf8[2] == (byte) 0xBF ? 3 : 0;
        return JsonValidator.validate(utf8, from, utf8.length);
    }

    /** Whether {@code json} is exactly one JSON value, by the rules of {@link #parse}. */
    public static boolean isValue(byte[] json) {
        try {
            parse(json);
            return true;
        } catch (JsonSyntaxException e) {
            return false;
        }
    }

    public Type type() {
        return switch (text[start]) {
            case '{' -> Type.OBJECT;
            case '[' -> Type.ARRAY;
            case '"' -> Type.STRING;
            case 't' -> Type.TRUE;
            case 'f' -> Type.FALSE;
            case 'n' -> Type.NULL;
            default -> Type.NUMBER;
        };
    }

    public boolean is(Type type) {
        return type() == type;
    }

    /** The value's bytes in the (UTF-8) text, exactly as written. */
    public int start() {
        return start;
    }

    public int end() {
        return end;
    }

    byte[] text() {
        return text;
    }

    // ------------------------------------------------------------------ objects

    /** The member {@code name} of this object (the last one when the name repeats), empty when absent or not an object. */
    public Optional<JsonNode> member(String name) {
        return Optional.ofNullable(memberOrNull(name));
    }

    /** As {@link #member} without the {@code Optional}, for the event mappers' hot path. */
    public JsonNode memberOrNull(String name) {
        int[] ix = index();
        for (int m = ix.length - INDEX_STRIDE; m >= 0; m -= INDEX_STRIDE) {
            if (nameEquals(ix[m], ix[m + 1], name)) {
                return new JsonNode(text, ix[m + 2], ix[m + 3], ix[m + 4]);
            }
        }
        return null;
    }

    /** Whether this object has a member {@code name}. */
    public boolean has(String name) {
        return memberOrNull(name) != null;
    }

    /** How many members this object has as written (a repeated name counts each time). */
    public int memberCount() {
        return index().length / INDEX_STRIDE;
    }

    /**
     * The members of this object in order, as a map would hold them: a name that repeats appears
     * once, where it first appeared, with its last value.
     */
    public List<Member> members() {
        int[] ix = index();
        int n = ix.length / INDEX_STRIDE;
        List<Member> list = new ArrayList<>(n);
        Map<String, Integer> seen = n > 8 ? new HashMap<>(n * 2) : null;
        for (int m = 0; m < ix.length; m += INDEX_STRIDE) {
            String name = JsonStrings.decode(text, ix[m], ix[m + 1]);
            Member member = new Member(name, new JsonNode(text, ix[m + 2], ix[m + 3], ix[m + 4]));
            int earlier = seen != null ? seen.getOrDefault(name, -1) : indexOf(list, name);
            if (earlier >= 0) {
                list.set(earlier, member);
            } else {
                if (seen != null) {
                    seen.put(name, list.size());
                }
                list.add(member);
            }
        }
        return list;
    }

    private static int indexOf(List<Member> list, String name) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private int[] index() {
        if (index == null) {
            index = text[start] == '{' ? CheckedText.indexObject(text, start) : NO_MEMBERS;
        }
        return index;
    }

    private boolean nameEquals(int quote, int after, String name) {
        int len = after - quote - 2;
        boolean plain = true;
        for (int i = quote + 1; i < after - 1; i++) {
            if (text[i] == '\\' || text[i] < 0) {
                plain = false;
                break;
            }
        }
        if (!plain) {
            return JsonStrings.decode(text, quote, after).equals(name);
        }
        if (len != name.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (text[quote + 1 + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ arrays

    /** The elements of this array in order; empty when it is not an array. */
    public List<JsonNode> elements() {
        if (text[start] != '[') {
            return List.of();
        }
        int[] spans = CheckedText.indexArray(text, start);
        List<JsonNode> list = new ArrayList<>(spans.length / 2);
        for (int i = 0; i < spans.length; i += 2) {
            list.add(new JsonNode(text, spans[i], spans[i + 1]));
        }
        return list;
    }

    // ------------------------------------------------------------------ strings

    /** This string's text, escapes resolved; malformed UTF-8 becomes U+FFFD. Only for a {@link Type#STRING}. */
    public String string() {
        requireString();
        return JsonStrings.decode(text, start, end);
    }

    /**
     * This string's bytes as UTF-8, escapes resolved, in one exactly sized array (a string without
     * escapes is copied as it is, so bytes that are not valid UTF-8 stay as the event had them).
     */
    public byte[] stringBytes() {
        requireString();
        return Unescape.toBytes(text, start + 1, end - 1);
    }

    /**
     * This string's bytes as UTF-8, escapes resolved, as a request body written straight from the
     * text: no copy is made. Its length is known from the check for a member of the root object (a
     * body), and counted between the escapes for any other string.
     */
    public SizedBody stringBody() {
        requireString();
        return JsonStrings.body(text, start + 1, end - 1, decodedLength);
    }

    /** Whether this string has no characters. */
    public boolean isEmptyString() {
        requireString();
        return end - start == 2;
    }

    /** How many bytes this string takes between its quotes as written (an escape counts as written). */
    public int writtenLength() {
        return end - start - 2;
    }

    /**
     * This string decoded from base64 (standard alphabet, padding required, no whitespace), as a
     * request body written straight from the text: checked and measured now, decoded while it is
     * written, so no array of the decoded size is made.
     *
     * @throws IllegalArgumentException with the decoder's reason when it is not such base64
     */
    public SizedBody base64Body() {
        requireString();
        int from = start + 1;
        int to = end - 1;
        // fewer bytes decoded than written means escapes (e.g. "\/" from an encoder that escapes
        // slashes): rare enough to resolve into a copy first
        if (JsonStrings.decodedLength(text, from, to, decodedLength) < to - from) {
            byte[] plain = Unescape.toBytes(text, from, to);
            return Base64Text.body(plain, 0, plain.length);
        }
        return Base64Text.body(text, from, to);
    }

    private void requireString() {
        if (text[start] != '"') {
            throw new IllegalStateException("not a string: " + type());
        }
    }

    // ------------------------------------------------------------------ text

    /**
     * The value as compact JSON text: the bytes as written, without the whitespace between tokens
     * (inside strings everything is kept). The same JSON value, spelled as the sender spelled it.
     */
    public String compactText() {
        return new String(compactBytes(), StandardCharsets.UTF_8);
    }

    /** {@link #compactText()} as UTF-8 bytes, in a new array. */
    public byte[] compactBytes() {
        return Compact.bytes(text, start, end);
    }

    /** For messages: the value's text, cut after 60 bytes. */
    @Override
    public String toString() {
        int to = Math.min(end, start + 60);
        return new String(text, start, to - start, StandardCharsets.UTF_8) + (to < end ? "..." : "");
    }
}
