package dev.lwa.runtimeapi.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * An ordered, mutable multimap of HTTP header fields. Lookup is case-insensitive (ASCII);
 * names keep the case they were added with, and fields keep their order, so what goes on the
 * wire is what the caller built.
 *
 * <p>Not thread-safe: a header set belongs to one request or response.
 */
public final class Headers {
    private final ArrayList<String> fields; // name0, value0, name1, value1, ...

    public Headers() {
        this.fields = new ArrayList<>(16);
    }

    private Headers(ArrayList<String> fields) {
        this.fields = fields;
    }

    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        Headers h = new Headers();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            h.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return h;
    }

    public Headers copy() {
        return new Headers(new ArrayList<>(fields));
    }

    /** Appends a field, keeping any earlier field of the same name. */
    public Headers add(String name, String value) {
        fields.add(name);
        fields.add(value);
        return this;
    }

    /** Replaces every field of this name with one field (appended where the first one was, or at the end). */
    public Headers set(String name, String value) {
        int first = -1;
        for (int i = 0; i < fields.size(); i += 2) {
            if (fields.get(i).equalsIgnoreCase(name)) {
                if (first < 0) {
                    first = i;
                    fields.set(i + 1, value);
                } else {
                    fields.remove(i);
                    fields.remove(i);
                    i -= 2;
                }
            }
        }
        if (first < 0) {
            add(name, value);
        }
        return this;
    }

    /** Removes every field of this name; returns the values removed, in order. */
    public List<String> remove(String name) {
        List<String> removed = List.of();
        for (int i = 0; i < fields.size(); i += 2) {
            if (fields.get(i).equalsIgnoreCase(name)) {
                if (removed.isEmpty()) {
                    removed = new ArrayList<>(2);
                }
                removed.add(fields.get(i + 1));
                fields.remove(i);
                fields.remove(i);
                i -= 2;
            }
        }
        return removed;
    }

    public Optional<String> first(String name) {
        for (int i = 0; i < fields.size(); i += 2) {
            if (fields.get(i).equalsIgnoreCase(name)) {
                return Optional.of(fields.get(i + 1));
            }
        }
        return Optional.empty();
    }

    public List<String> all(String name) {
        List<String> values = List.of();
        for (int i = 0; i < fields.size(); i += 2) {
            if (fields.get(i).equalsIgnoreCase(name)) {
                if (values.isEmpty()) {
                    values = new ArrayList<>(2);
                }
                values.add(fields.get(i + 1));
            }
        }
        return values;
    }

    public boolean contains(String name) {
        for (int i = 0; i < fields.size(); i += 2) {
            if (fields.get(i).equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** Number of fields (a name sent twice counts twice). */
    public int size() {
        return fields.size() / 2;
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    public String name(int index) {
        return fields.get(2 * index);
    }

    public String value(int index) {
        return fields.get(2 * index + 1);
    }

    /** Visits every field in order. */
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < fields.size(); i += 2) {
            action.accept(fields.get(i), fields.get(i + 1));
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Headers[");
        for (int i = 0; i < fields.size(); i += 2) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(fields.get(i)).append(": ").append(fields.get(i + 1));
        }
        return sb.append(']').toString();
    }
}
