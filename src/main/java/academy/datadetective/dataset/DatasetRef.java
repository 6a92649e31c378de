package academy.datadetective.dataset;

/** A dataset as other features use it: which table holds its rows, with what columns; the entity stays in this package. */
public record DatasetRef(long id, long teacherId, String name, String tableName, DatasetSchema schema) {

    static DatasetRef of(Dataset dataset) {
        return new DatasetRef(dataset.id, dataset.teacherId, dataset.name, dataset.tableName, dataset.schema);
    }
}
