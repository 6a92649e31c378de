package academy.datadetective.challenge;

import java.io.Serializable;

/** The primary key of a built-in {@link Challenge}: its unit and its number within the unit. */
public record ChallengeKey(Integer unitId, Integer challengeId) implements Serializable {
}
