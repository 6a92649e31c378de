package academy.datadetective.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;
import org.postgresql.util.PSQLException;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;

import academy.datadetective.common.NativeRow;
import academy.datadetective.common.Spans;
import academy.datadetective.user.OwnedContent;

/**
 * Teachers' datasets: a CSV upload becomes a row of {@code datasets} and a table in the dataset schema, in
 * one transaction, so that a failed upload leaves neither. Each dataset is its teacher's alone, and keeps its
 * teacher's account from being deleted.
 */
@ApplicationScoped
public class DatasetService implements OwnedContent {

    static final int SAMPLE_ROWS = 10;
    private static final TypeReference<LinkedHashMap<String, Object>> ROW = new TypeReference<>() {
    };

    private final EntityManager entityManager;
    private final DatasetConfig config;
    private final Spans spans;
    private final ObjectMapper json = new ObjectMapper();

    DatasetService(EntityManager entityManager, DatasetConfig config, Spans spans) {
        this.entityManager = entityManager;
        this.config = config;
        this.spans = spans;
    }

    /** An uploaded file as the HTTP layer received it. */
    public record Upload(String filename, Path file, long size) {
    }

    @Transactional
    public DatasetResponses.Created upload(long teacherId, String name, String description, Upload upload) {
        if (upload.filename() == null || !upload.filename().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            throw new InvalidDatasetException("File must be a CSV file (.csv)");
        }
        if (upload.filename().length() > 255) {
            throw new InvalidDatasetException("File name is longer than 255 characters");
        }
        if (upload.size() > config.maxFileSize()) {
            throw new DatasetTooLargeException(config.maxFileSize());
        }
        if (upload.size() == 0) {
            throw new InvalidDatasetException("File is empty");
        }
        CsvDataset.Inspection inspection = CsvDataset.inspect(upload.file(), config);

        Dataset dataset = new Dataset();
        dataset.teacherId = teacherId;
        dataset.name = name;
        dataset.description = description;
        dataset.originalFilename = upload.filename();
        dataset.schema = inspection.schema();
        dataset.persist();
        entityManager.flush();
        String table = DatasetTables.qualified(dataset.tableName);
        long rows = entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try {
                DatasetTables.create(connection, table, inspection.schema());
                return CsvDataset.copy(upload.file(), inspection.schema(), connection, table, spans);
            } catch (PSQLException e) {
                throw new InvalidDatasetException("Failed to create dataset table: " + e.getServerErrorMessage().getMessage());
            }
        });
        dataset.rowCount = Math.toIntExact(rows);
        Log.infof("Teacher %d uploaded dataset %d (%d rows, %d columns)", teacherId, dataset.id, rows,
                inspection.schema().columns().size());
        return new DatasetResponses.Created(dataset.id, dataset.name, dataset.description, dataset.originalFilename, dataset.tableName,
                dataset.rowCount, dataset.schema, dataset.createdAt);
    }

    /** Newest first. */
    @Transactional
    public DatasetResponses.Page list(long teacherId, int offset, int limit) {
        long total = Dataset.count("teacherId", teacherId);
        List<DatasetResponses.Summary> datasets = NativeRow.list(NativeRow.query(entityManager, """
                SELECT d.id, d.name, d.description, d.row_count, d.table_name,
                       (SELECT count(*) FROM custom_challenges c WHERE c.dataset_id = d.id) AS challenges, d.created_at
                FROM datasets d
                WHERE d.teacher_id = :teacher
                ORDER BY d.created_at DESC, d.id DESC
                OFFSET :offset LIMIT :limit""")
                .setParameter("teacher", teacherId).setParameter("offset", offset).setParameter("limit", limit)).stream()
                .map(row -> new DatasetResponses.Summary(row.getLong("id"), row.getString("name"), row.getString("description"),
                        row.getInt("row_count"), row.getString("table_name"), row.getLong("challenges"), row.getInstant("created_at")))
                .toList();
        return new DatasetResponses.Page(total, datasets);
    }

    @Transactional
    public DatasetResponses.Detail get(long teacherId, long id) {
        Dataset dataset = ownedEntity(teacherId, id);
        List<Map<String, Object>> sample = entityManager.unwrap(Session.class).doReturningWork(connection -> {
            List<Map<String, Object>> rows = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("SELECT row_to_json(t)::text FROM " + DatasetTables.qualified(dataset.tableName)
                            + " t LIMIT " + SAMPLE_ROWS)) {
                while (result.next()) {
                    rows.add(json.readValue(result.getString(1), ROW));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return rows;
        });
        return new DatasetResponses.Detail(dataset.id, dataset.name, dataset.description, dataset.tableName, dataset.rowCount,
                dataset.schema, sample, dataset.createdAt);
    }

    /**
     * Deletes the dataset with its table and its custom challenges, whose attempts, progress and hints the
     * foreign keys delete too (the original left them behind).
     *
     * @return how many custom challenges went with it
     */
    @Transactional
    public long delete(long teacherId, long id) {
        Dataset dataset = ownedEntity(teacherId, id);
        long challenges = ((Number) entityManager.createNativeQuery("SELECT count(*) FROM custom_challenges WHERE dataset_id = :id")
                .setParameter("id", id).getSingleResult()).longValue();
        String table = DatasetTables.qualified(dataset.tableName);
        entityManager.createNativeQuery("DELETE FROM datasets WHERE id = :id").setParameter("id", id).executeUpdate();
        entityManager.createNativeQuery("DROP TABLE IF EXISTS " + table).executeUpdate();
        Log.infof("Teacher %d deleted dataset %d with %d custom challenges", teacherId, id, challenges);
        return challenges;
    }

    /**
     * @throws DatasetNotFoundException for an unknown id
     * @throws DatasetAccessDeniedException for another teacher's dataset
     */
    @Transactional
    public DatasetRef owned(long teacherId, long id) {
        return DatasetRef.of(ownedEntity(teacherId, id));
    }

    /** A dataset known to exist (a custom challenge's, which its foreign key keeps). */
    @Transactional
    public DatasetRef byId(long id) {
        return Dataset.<Dataset>findByIdOptional(id).map(DatasetRef::of).orElseThrow(DatasetNotFoundException::new);
    }

    @Override
    @Transactional
    public boolean ownedBy(long userId) {
        return Dataset.count("teacherId", userId) > 0;
    }

    private Dataset ownedEntity(long teacherId, long id) {
        Dataset dataset = Dataset.findById(id);
        if (dataset == null) {
            throw new DatasetNotFoundException();
        }
        if (dataset.teacherId != teacherId) {
            throw new DatasetAccessDeniedException();
        }
        return dataset;
    }
}
