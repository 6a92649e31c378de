package academy.datadetective.seed;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** How much sample data to seed: the seed guide's default (full) and {@code --minimal}. */
public enum SeedMode {
    /** The teacher, five students and several weeks of their progress, attempts and hints. */
    FULL,
    /** The teacher and two students, with no learning history. */
    MINIMAL;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Used by JAX-RS for {@code ?mode=}; an unknown value becomes a 422 through the parameter mappers. */
    public static SeedMode fromString(String value) {
        for (SeedMode mode : values()) {
            if (mode.value().equalsIgnoreCase(value.strip())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("mode must be full or minimal");
    }
}
