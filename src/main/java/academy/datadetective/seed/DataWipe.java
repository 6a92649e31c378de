package academy.datadetective.seed;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;

import io.quarkus.logging.Log;

import academy.datadetective.dataset.DatasetTables;

/**
 * Clearing all data before a seed (`seed --clear`): every application table, found in the catalogue rather than
 * listed, so that a table a later migration adds is cleared too. Joins the seed's transaction.
 */
@ApplicationScoped
class DataWipe {

    /** Shipped by migrations, not seeded: clearing keeps them, so a cleared database still matches its schema version. */
    private static final Set<String> REFERENCE_TABLES = Set.of("units", "challenges");

    private final EntityManager entityManager;
    private final String migrationHistoryTable;

    DataWipe(EntityManager entityManager,
            @ConfigProperty(name = "quarkus.flyway.table", defaultValue = "flyway_schema_history") String migrationHistoryTable) {
        this.entityManager = entityManager;
        this.migrationHistoryTable = migrationHistoryTable;
    }

    /**
     * Deletes every row of every application table and drops the teachers' dataset tables. The users'
     * id sequence is the one not reset: an access token issued before the clear names its account by id,
     * and must never come to name a different, newly seeded account.
     */
    @Transactional(TxType.MANDATORY)
    void clearAllData() {
        int datasetTables = entityManager.unwrap(Session.class).doReturningWork(DatasetTables::dropAll);
        List<String> kept = new ArrayList<>(REFERENCE_TABLES);
        kept.add(migrationHistoryTable);
        kept.add("users");
        @SuppressWarnings("unchecked")
        List<String> tables = entityManager.createNativeQuery("""
                SELECT format('%I', tablename) FROM pg_tables
                WHERE schemaname = current_schema() AND NOT (tablename = ANY (CAST(:kept AS text[])))
                ORDER BY 1""").setParameter("kept", kept.toArray(String[]::new)).getResultList();
        if (!tables.isEmpty()) {
            entityManager.createNativeQuery("TRUNCATE " + String.join(", ", tables) + " RESTART IDENTITY").executeUpdate();
        }
        entityManager.createNativeQuery("TRUNCATE users CASCADE").executeUpdate();
        Log.infof("Cleared all data: %d tables emptied, %d dataset tables dropped", tables.size() + 1, datasetTables);
    }
}
