package academy.datadetective.dataset;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/** Limits of dataset uploads and of teachers' queries; README "Datasets and custom challenges" lists each with its variable. */
@ConfigMapping(prefix = "academy.datasets")
public interface DatasetConfig {

    /** Largest CSV accepted, in bytes (DATASET_MAX_FILE_SIZE); the original's 5 MiB. */
    long maxFileSize();

    /** Most data rows in one CSV (DATASET_MAX_ROWS). */
    int maxRows();

    /** Most columns in one CSV (DATASET_MAX_COLUMNS). */
    int maxColumns();

    /** A teacher's expected query is cancelled after this long (DATASET_QUERY_TIMEOUT). */
    Duration queryTimeout();

    /** A teacher's query returning more rows than this is refused (DATASET_QUERY_MAX_ROWS). */
    int queryMaxRows();

    /** A teacher's query whose rows, as JSON, take more bytes than this is refused (DATASET_QUERY_MAX_BYTES). */
    long queryMaxBytes();

    /** Teachers' queries running at once on this instance; also the size of the sandbox's own pool (DATASET_QUERY_MAX_CONCURRENT). */
    int queryMaxConcurrent();

    /** Queries one teacher may have running at once on this instance (DATASET_QUERY_MAX_CONCURRENT_PER_TEACHER). */
    int queryMaxConcurrentPerTeacher();
}
