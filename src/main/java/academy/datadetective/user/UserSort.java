package academy.datadetective.user;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The orders of GET /users; ties always end on the id, so that paging is stable. */
public enum UserSort {
    /** Name ascending. */
    NAME("name ASC", "id ASC"),
    /** Total points descending, then name. */
    POINTS("total_points DESC", "name ASC", "id ASC"),
    /** Oldest account first. */
    DATE("created_at ASC", "id ASC");

    /** The query parameter's allowed values, for its validation. */
    public static final String PATTERN = "^(name|points|date)$";

    private final List<String> keys;

    UserSort(String... keys) {
        this.keys = List.of(keys);
    }

    /** The ORDER BY list over the columns id, name, created_at and total_points of the given table alias (or none). */
    String orderBy(String alias) {
        return keys.stream().map(key -> alias.isEmpty() ? key : alias + "." + key).collect(Collectors.joining(", "));
    }

    /** @throws IllegalArgumentException for anything but name, points or date (validation refuses those first) */
    public static UserSort fromValue(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
