package academy.datadetective.challenge;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A built-in challenge, inserted by the migration as reference data; find one with {@code findById(new ChallengeKey(u, c))}. */
@Entity
@Table(name = "challenges")
@IdClass(ChallengeKey.class)
public class Challenge extends PanacheEntityBase {

    @Id
    @Column(name = "unit_id", nullable = false)
    public Integer unitId;

    @Id
    @Column(name = "challenge_id", nullable = false)
    public Integer challengeId;

    @Column(name = "title", nullable = false, length = 200)
    public String title;

    @Column(name = "description", nullable = false, length = 2000)
    public String description;

    @Column(name = "points", nullable = false)
    public int points;

    @Column(name = "sample_solution", nullable = false, length = 5000)
    public String sampleSolution;
}
