package academy.datadetective.user;

import java.util.Locale;

/** The orders of GET /users; ties always end on the id, so that paging is stable. */
public enum UserSort {
    /** Name ascending. */
    NAME("u.name ASC, u.id ASC"),
    /** Total points descending, then name. */
    POINTS("total_points DESC, u.name ASC, u.id ASC"),
    /** Oldest account first. */
    DATE("u.created_at ASC, u.id ASC");

    /** The query parameter's allowed values, for its validation. */
    public static final String PATTERN = "^(name|points|date)$";

    final String orderBy;

    UserSort(String orderBy) {
        this.orderBy = orderBy;
    }

    /** @throws IllegalArgumentException for anything but name, points or date (validation refuses those first) */
    public static UserSort fromValue(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
