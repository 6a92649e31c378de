package academy.datadetective.identity;

import java.util.Locale;

/** What an account may do; stored and exchanged in lower case ({@code student}, {@code teacher}, {@code admin}). */
public enum Role {
    STUDENT,
    TEACHER,
    ADMIN;

    /** The lower-case name used in the database, tokens and JSON. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException if {@code value} names no role */
    public static Role fromValue(String value) {
        for (Role role : values()) {
            if (role.value().equals(value)) {
                return role;
            }
        }
        throw new IllegalArgumentException("Unknown role: " + value);
    }
}
