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

/** One hint a user opened on a built-in or a custom challenge. */
@Entity
@Table(name = "hints")
public class HintAccess extends PanacheEntityBase {

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

    @Column(name = "hint_level", nullable = false)
    public int hintLevel;

    @CreationTimestamp
    @Column(name = "accessed_at", nullable = false, updatable = false)
    public Instant accessedAt;
}
