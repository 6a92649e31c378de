package academy.datadetective.dataset;

import java.time.Instant;
import java.util.List;
import java.util.Map;

public final class DatasetResponses {

    private DatasetResponses() {
    }

    public record Created(long id, String name, String description, String originalFilename, String tableName, int rowCount,
            DatasetSchema schema, Instant createdAt) {
    }

    public record Summary(long id, String name, String description, int rowCount, String tableName, long challengeCount,
            Instant createdAt) {
    }

    public record Page(long total, List<Summary> datasets) {
    }

    /** @param sampleData the first rows as objects in column order */
    public record Detail(long id, String name, String description, String tableName, int rowCount, DatasetSchema schema,
            List<Map<String, Object>> sampleData, Instant createdAt) {
    }
}
