package academy.datadetective.dataset;

import java.time.Instant;

import org.hibernate.annotations.CreationTimestamp;
import org.hibernate.annotations.Generated;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.UpdateTimestamp;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A teacher's uploaded CSV; its rows live in {@code academy_datasets.<tableName>}, a name the database derives
 * from the id.
 */
@Entity
@Table(name = "datasets")
public class Dataset extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "teacher_id", nullable = false)
    public Long teacherId;

    @Column(name = "name", nullable = false, length = 200)
    public String name;

    @Column(name = "description", length = 1000)
    public String description;

    @Column(name = "original_filename", nullable = false, length = 255)
    public String originalFilename;

    @Generated
    @Column(name = "table_name", nullable = false, length = 100, insertable = false, updatable = false)
    public String tableName;

    @Column(name = "row_count", nullable = false)
    public int rowCount;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "schema_json", nullable = false)
    public DatasetSchema schema;

    @CreationTimestamp
    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @UpdateTimestamp
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
