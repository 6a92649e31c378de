package academy.datadetective.migration;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import academy.datadetective.TestSql;
import academy.datadetective.config.DatabaseUrl;
import academy.datadetective.config.TestDatabase;

/**
 * A database of its own on the test server for one migration test, dropped again on close, so that
 * tests which migrate, roll back and break schemas never see each other's leftovers nor the one the
 * {@code @QuarkusTest}s share.
 */
public final class ScratchDatabase implements AutoCloseable {

    static final String REAL_MIGRATIONS = "classpath:db/migration";
    static final String HISTORY_TABLE = "flyway_schema_history";

    private final DatabaseUrl server;
    private final String name;
    private final String jdbcUrl;

    private ScratchDatabase(DatabaseUrl server, String name, String jdbcUrl) {
        this.server = server;
        this.name = name;
        this.jdbcUrl = jdbcUrl;
    }

    public static ScratchDatabase create() {
        DatabaseUrl server = TestDatabase.url();
        String name = "academy_mig_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
        try (Connection admin = connect(server, server.jdbcUrl()); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the scratch database " + name + ": " + e.getMessage(), e);
        }
        return new ScratchDatabase(server, name, server.withDatabase(name).jdbcUrl());
    }

    private static Connection connect(DatabaseUrl server, String jdbcUrl) throws SQLException {
        Properties properties = new Properties();
        server.username().ifPresent(user -> properties.setProperty("user", user));
        server.password().ifPresent(password -> properties.setProperty("password", password));
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    public String name() {
        return name;
    }

    /** On the same server as {@link TestDatabase#url()}, whose user name and password it takes. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    Connection connect() throws SQLException {
        return connect(server, jdbcUrl);
    }

    /**
     * Flyway as this build configures it (its migrations, newer builds' versions tolerated) plus any
     * test-only locations. The class loader is named so that Flyway and the runner's down-script lookup
     * see the test classpath even when an earlier {@code @QuarkusTest} left another context class loader.
     */
    FluentConfiguration configure(String... extraLocations) {
        return configure(ScratchDatabase.class.getClassLoader(), extraLocations);
    }

    /** The same with another class loader: one that also sees migrations written to a directory by a test. */
    FluentConfiguration configure(ClassLoader classLoader, String... extraLocations) {
        List<String> locations = new ArrayList<>(List.of(REAL_MIGRATIONS));
        locations.addAll(List.of(extraLocations));
        return Flyway.configure(classLoader)
                .dataSource(jdbcUrl, server.username().orElse(null), server.password().orElse(null))
                .locations(locations.toArray(String[]::new))
                .ignoreMigrationPatterns("*:future");
    }

    public Flyway flyway(String... extraLocations) {
        return configure(extraLocations).load();
    }

    void execute(String sql) {
        new TestSql(this::connect).execute(sql);
    }

    /** The first column of every row, as text, in the query's order. */
    List<String> strings(String sql) {
        return new TestSql(this::connect).strings(sql);
    }

    /** Every relation in the current schema, the history table included, sorted. */
    List<String> relations() {
        return strings("""
                SELECT c.relname || ' (' || c.relkind::text || ')'
                FROM pg_class c
                WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind::text IN ('r', 'p', 'v', 'm', 'S', 'f')
                ORDER BY 1""");
    }

    /**
     * Everything a migration may change about the current schema's structure, one line per fact, sorted
     * so that an assertion failure shows a readable diff. Column positions are counted over the columns
     * that are not dropped, since PostgreSQL keeps dropped ones as holes in attnum.
     */
    List<String> schema() {
        List<String> facts = new ArrayList<>();
        facts.addAll(strings("""
                SELECT 'relation ' || c.relname || ' kind=' || c.relkind::text
                       || coalesce(' comment=' || obj_description(c.oid, 'pg_class'), '')
                       || coalesce(' view=' || pg_get_viewdef(c.oid), '')
                FROM pg_class c
                WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind::text IN ('r', 'p', 'v', 'm', 'S', 'f')
                  AND c.relname <> '%1$s'""".formatted(HISTORY_TABLE)));
        facts.addAll(strings("""
                SELECT 'column ' || c.relname || '.' || a.attname
                       || ' #' || row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum)
                       || ' ' || format_type(a.atttypid, a.atttypmod)
                       || CASE WHEN a.attnotnull THEN ' not null' ELSE ' null' END
                       || coalesce(' default=' || pg_get_expr(d.adbin, d.adrelid), '')
                       || CASE a.attidentity WHEN '' THEN '' ELSE ' identity=' || a.attidentity::text END
                       || CASE a.attgenerated WHEN '' THEN '' ELSE ' generated=' || a.attgenerated::text END
                       || coalesce(' collation=' || nullif(a.attcollation, t.typcollation)::regcollation::text, '')
                       || coalesce(' comment=' || col_description(a.attrelid, a.attnum), '')
                FROM pg_attribute a
                JOIN pg_class c ON c.oid = a.attrelid
                JOIN pg_type t ON t.oid = a.atttypid
                LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind::text IN ('r', 'p', 'v', 'm', 'f')
                  AND c.relname <> '%1$s' AND a.attnum > 0 AND NOT a.attisdropped""".formatted(HISTORY_TABLE)));
        facts.addAll(strings("""
                SELECT 'constraint ' || c.relname || '.' || k.conname || ' ' || pg_get_constraintdef(k.oid)
                       || CASE WHEN k.condeferrable THEN ' deferrable' ELSE '' END
                FROM pg_constraint k
                JOIN pg_class c ON c.oid = k.conrelid
                WHERE c.relnamespace = current_schema()::regnamespace AND c.relname <> '%1$s'""".formatted(HISTORY_TABLE)));
        facts.addAll(strings("""
                SELECT 'index ' || indexname || ' ' || indexdef
                FROM pg_indexes
                WHERE schemaname = current_schema() AND tablename <> '%1$s'""".formatted(HISTORY_TABLE)));
        facts.addAll(strings("""
                SELECT 'trigger ' || c.relname || '.' || g.tgname || ' ' || pg_get_triggerdef(g.oid)
                FROM pg_trigger g
                JOIN pg_class c ON c.oid = g.tgrelid
                WHERE c.relnamespace = current_schema()::regnamespace AND NOT g.tgisinternal"""));
        facts.addAll(strings("""
                SELECT 'routine ' || p.oid::regprocedure || ' ' || pg_get_functiondef(p.oid)
                FROM pg_proc p
                WHERE p.pronamespace = current_schema()::regnamespace AND p.prokind IN ('f', 'p')"""));
        facts.addAll(strings("""
                SELECT 'type ' || t.typname || ' ' || t.typtype::text
                       || coalesce(' labels=' || (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
                                                  FROM pg_enum e WHERE e.enumtypid = t.oid), '')
                       || coalesce(' base=' || nullif(t.typbasetype, 0)::regtype::text, '')
                FROM pg_type t
                WHERE t.typnamespace = current_schema()::regnamespace AND t.typtype IN ('e', 'd', 'r')
                   OR (t.typnamespace = current_schema()::regnamespace AND t.typtype = 'c'
                       AND (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c')"""));
        facts.addAll(strings("""
                SELECT 'extension ' || x.extname FROM pg_extension x WHERE x.extnamespace = current_schema()::regnamespace"""));
        facts.sort(null);
        return facts;
    }

    /** Every row of every table (the history table aside), as JSON, in a stable order. */
    List<String> data() {
        List<String> tables = strings("""
                SELECT quote_ident(c.relname)
                FROM pg_class c
                WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind::text IN ('r', 'p') AND c.relname <> '%1$s'
                ORDER BY 1""".formatted(HISTORY_TABLE));
        List<String> rows = new ArrayList<>();
        for (String table : tables) {
            rows.addAll(strings("SELECT '" + table + " ' || row_to_json(t)::text FROM " + table + " t ORDER BY t::text"));
        }
        return rows;
    }

    @Override
    public void close() {
        try (Connection admin = connect(server, server.jdbcUrl()); Statement statement = admin.createStatement()) {
            // FORCE: a runner whose pooled or leaked connection is still open must not keep the database alive.
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop the scratch database " + name + ": " + e.getMessage(), e);
        }
    }
}
