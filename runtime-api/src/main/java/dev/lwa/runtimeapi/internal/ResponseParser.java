package dev.lwa.runtimeapi.internal;

import dev.lwa.runtimeapi.http.HeaderSyntax;
import dev.lwa.runtimeapi.http.Headers;
import dev.lwa.runtimeapi.http.MalformedResponseException;
import dev.lwa.runtimeapi.http.StatusLine;

import java.io.IOException;

/** Reads status lines and field sections (headers, chunked trailers) from a connection's buffer. */
final class ResponseParser {
    /** A header section (or trailer section) larger than this is refused. */
    static final int MAX_SECTION = 256 * 1024;

    static final String WAITING_FOR_HEAD = "the response head";

    private ResponseParser() {
    }

    /** Status line and headers of one response. */
    record Head(int minorVersion, int status, String reason, Headers headers) {
    }

    /** Reads responses until one that is not an interim 1xx (101 counts as final: nothing after it is HTTP). */
    static Head readFinalHead(Connection c) throws IOException {
        for (int interim = 0; ; interim++) {
            Head head = readHead(c);
            if (head.status() >= 200 || head.status() == 101) {
                return head;
            }
            if (interim > 100) {
                throw new MalformedResponseException(c.origin() + " sent more than 100 interim (1xx) responses");
            }
        }
    }

    static Head readHead(Connection c) throws IOException {
        int after = LineReader.nextLine(c, WAITING_FOR_HEAD, "before sending a response status line");
        int s = c.pos;
        int e = LineReader.lineEnd(c, after);
        byte[] b = c.buf;
        int status = StatusLine.code(b, s, e);
        if (status < 0) {
            throw new MalformedResponseException(c.origin() + " sent " + LineReader.printable(b, s, Math.min(e, s + 120))
                    + (e > s + 120 ? "..." : "") + " where an HTTP/1.x status line was expected");
        }
        int minor = StatusLine.minorVersion(b, s);
        String reason = e - s > StatusLine.REASON_OFFSET ? LineReader.text(b, s + StatusLine.REASON_OFFSET, e) : "";
        c.pos = after;
        Headers headers = new Headers();
        readFields(c, headers, "response header", WAITING_FOR_HEAD);
        return new Head(minor, status, reason, headers);
    }

    /**
     * Reads {@code name: value} lines up to and including the empty line.
     *
     * @param kind "response header" or "trailer", for messages
     */
    static void readFields(Connection c, Headers into, String kind, String waitingFor) throws IOException {
        String eofWhere = kind.equals("trailer") ? "inside the trailer section" : "inside the response header section";
        int total = 0;
        while (true) {
            int after = LineReader.nextLine(c, waitingFor, eofWhere);
            int s = c.pos;
            int e = LineReader.lineEnd(c, after);
            total += after - s;
            if (total > MAX_SECTION) {
                throw new MalformedResponseException(c.origin() + " sent a " + kind + " section larger than "
                        + MAX_SECTION + " bytes");
            }
            if (s == e) {
                c.pos = after;
                return;
            }
            parseField(c, s, e, into, kind);
            c.pos = after;
        }
    }

    private static void parseField(Connection c, int s, int e, Headers into, String kind) throws MalformedResponseException {
        byte[] b = c.buf;
        int colon = -1;
        for (int i = s; i < e; i++) {
            byte x = b[i];
            if (x == ':') {
                colon = i;
                break;
            }
            if (!HeaderSyntax.isTchar(x)) {
                // covers obs-fold (a line starting with SP/HT), "Name : value", and binary garbage
                throw malformedField(c, s, e, kind, x == ' ' || x == '\t'
                        ? (i == s ? "a folded (obs-fold) line" : "whitespace in a field name")
                        : "a non-token character in a field name");
            }
        }
        if (colon <= s) {
            throw malformedField(c, s, e, kind, colon == s ? "an empty field name" : "no colon");
        }
        int vs = colon + 1;
        int ve = e;
        while (vs < ve && (b[vs] == ' ' || b[vs] == '\t')) {
            vs++;
        }
        while (ve > vs && (b[ve - 1] == ' ' || b[ve - 1] == '\t')) {
            ve--;
        }
        for (int i = vs; i < ve; i++) {
            byte x = b[i];
            // RFC 9110 §5.5: no control characters but HTAB (as hyper, LWA's client, refuses them);
            // bytes over 0x7f (obs-text) are allowed
            if ((x >= 0 && x < 0x20 && x != '\t') || x == 0x7f) {
                throw malformedField(c, s, e, kind, "a control character in a field value");
            }
        }
        into.add(LineReader.text(b, s, colon), LineReader.text(b, vs, ve));
    }

    private static MalformedResponseException malformedField(Connection c, int s, int e, String kind, String what) {
        return new MalformedResponseException(c.origin() + " sent a " + kind + " line with " + what + ": "
                + LineReader.printable(c.buf, s, Math.min(e, s + 120)) + (e > s + 120 ? "..." : ""));
    }

    /** True when a comma-separated field (all its lines) contains {@code token}, ignoring case. */
    static boolean hasToken(Headers headers, String name, String token) {
        for (int i = 0, n = headers.size(); i < n; i++) {
            if (headers.name(i).equalsIgnoreCase(name)) {
                for (String part : headers.value(i).split(",")) {
                    if (part.trim().equalsIgnoreCase(token)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
