package dev.lwa.core.event;

import dev.lwa.runtimeapi.http.Headers;
import dev.lwa.runtimeapi.json.JsonNode;

/** VPC Lattice maps hold a string (v1) or an array of strings (v2) per name. */
final class LatticeQuery {
    private LatticeQuery() {
    }

    static String from(JsonNode map, String field) throws InvalidEventException {
        StringBuilder sb = new StringBuilder();
        for (JsonNode.Member e : map.members()) {
            for (String v : EventFields.stringList(e.value(), field + "." + e.name())) {
                if (!sb.isEmpty()) {
                    sb.append('&');
                }
                FormQuery.encode(sb, e.name());
                sb.append('=');
                FormQuery.encode(sb, v);
            }
        }
        return sb.toString();
    }

    static void headers(Headers headers, JsonNode map, String field) throws InvalidEventException {
        for (JsonNode.Member e : map.members()) {
            for (String v : EventFields.stringList(e.value(), field + "." + e.name())) {
                EventFields.addHeader(headers, e.name(), v, field);
            }
        }
    }
}
