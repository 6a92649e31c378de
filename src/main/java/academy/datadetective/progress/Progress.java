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

/** A challenge a user completed: either a built-in one (unitId and challengeId) or a custom one (customChallengeId). */
@Entity
@Table(name = "progress")
public class Progress extends PanacheEntityBase {

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

    @Column(name = "points_earned", nullable = false)
    public int pointsEarned;

    @Column(name = "hints_used", nullable = false)
    public int hintsUsed;

    @Column(name = "query", nullable = false, length = 5000)
    public String query;

    @CreationTimestamp
    @Column(name = "completed_at", nullable = false, updatable = false)
    public Instant completedAt;
}
