package academy.datadetective.progress;

import java.time.Instant;

import org.hibernate.annotations.CreationTimestamp;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One answer a user submitted to a built-in or a custom challenge, right or wrong. */
@Entity
@Table(name = "attempts")
public class Attempt extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "user_id", nullable = false)
    public Long userId;

    @Column(name = "unit_id")
    public Integer unitId;

    @Column(name = "challenge_id")
    public Integer challengeId;

    @Column(name = "custom_challenge_id")
    public Long customChallengeId;

    @Column(name = "query", nullable = false, length = 5000)
    public String query;

    @Column(name = "is_correct", nullable = false)
    public boolean isCorrect;

    @CreationTimestamp
    @Column(name = "attempted_at", nullable = false, updatable = false)
    public Instant attemptedAt;
}
