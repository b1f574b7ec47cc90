package io.datapoint.connect.hexoskin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The server's datatype list, and the configured datatypes (ids or names) resolved against it. */
final class HexoskinDatatypes {

    private final Map<Integer, HexoskinDatatype> byId = new LinkedHashMap<>();
    private final Map<String, HexoskinDatatype> byName = new LinkedHashMap<>();

    HexoskinDatatypes(List<HexoskinDatatype> listed) {
        for (HexoskinDatatype d : listed) {
            byId.put(d.id(), d);
            byName.putIfAbsent(d.name().toLowerCase(Locale.ROOT), d);
        }
    }

    /** The datatype with this id. */
    HexoskinDatatype byId(int id) {
        HexoskinDatatype d = byId.get(id);
        if (d == null) {
            throw new IllegalArgumentException("Hexoskin has no datatype with id " + id);
        }
        return d;
    }

    /**
     * The configured datatypes, each an id (19) or a name (heart_rate, case-insensitive), in order, without repeats.
     *
     * @throws IllegalArgumentException naming every entry the server does not know and the names it does know
     */
    List<HexoskinDatatype> resolve(List<String> entries) {
        List<HexoskinDatatype> out = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String e : entries) {
            String k = e.trim();
            if (k.isEmpty()) {
                continue;
            }
            HexoskinDatatype d = k.chars().allMatch(Character::isDigit) ? byId.get(Integer.parseInt(k))
                : byName.get(k.toLowerCase(Locale.ROOT));
            if (d == null) {
                unknown.add(k);
            } else if (!out.contains(d)) {
                out.add(d);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Hexoskin does not know the datatype(s) " + unknown + ". Use ids or"
                + " names from GET /api/datatype/, e.g. " + String.join(", ", byName.keySet().stream().limit(12)
                .toList()));
        }
        return out;
    }
}
