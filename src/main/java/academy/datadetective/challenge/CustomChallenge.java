package academy.datadetective.challenge;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.CreationTimestamp;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.UpdateTimestamp;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

import academy.datadetective.dataset.QueryOutput;

/** A teacher's challenge on one of their datasets, graded against {@code expectedQuery}. */
@Entity
@Table(name = "custom_challenges")
public class CustomChallenge extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "teacher_id", nullable = false)
    public Long teacherId;

    @Column(name = "dataset_id", nullable = false)
    public Long datasetId;

    @Column(name = "title", nullable = false, length = 200)
    public String title;

    @Column(name = "description", nullable = false, length = 2000)
    public String description;

    @Column(name = "points", nullable = false)
    public int points;

    @Column(name = "difficulty", nullable = false, length = 20)
    public String difficulty;

    @Column(name = "expected_query", nullable = false, length = 5000)
    public String expectedQuery;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "hints", nullable = false)
    public List<String> hints;

    @Column(name = "is_active", nullable = false)
    public boolean isActive;

    @Column(name = "is_public", nullable = false)
    public boolean isPublic;

    /** What {@code expectedQuery} returned when it was last set; shown to its teacher, never used for grading. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "expected_output")
    public QueryOutput expectedOutput;

    @CreationTimestamp
    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @UpdateTimestamp
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
