package academy.datadetective.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;

import academy.datadetective.config.DatabaseUrl;
import academy.datadetective.common.Causes;
import academy.datadetective.common.Sql;

/**
 * The database teachers' queries run in, apart from the application's (README "Where teachers' SQL runs"),
 * reached through a pool of its own. It holds no data, so the service creates it and runs
 * {@code db/sandbox/setup.sql} in it the first time a query needs it, instead of at every startup.
 */
@ApplicationScoped
class SandboxDatabase {

    private static final String UNDEFINED_DATABASE = "3D000";
    private static final String DUPLICATE_DATABASE = "42P04";
    private static final String SETUP = "db/sandbox/setup.sql";

    private final AgroalDataSource sandbox;
    private final DataSource application;
    private final String name;
    private volatile boolean prepared;

    SandboxDatabase(@io.quarkus.agroal.DataSource("sandbox") AgroalDataSource sandbox, DataSource application,
            @ConfigProperty(name = "quarkus.datasource.sandbox.jdbc.url") String url) {
        this.sandbox = sandbox;
        this.application = application;
        this.name = DatabaseUrl.database(url);
    }

    /** A connection of the sandbox pool, in autocommit; the caller leaves it as it found it. */
    Connection connection() throws SQLException {
        if (!prepared) {
            prepare();
        }
        return sandbox.getConnection();
    }

    private synchronized void prepare() throws SQLException {
        if (prepared) {
            return;
        }
        try (Connection connection = connectCreatingDatabase()) {
            connection.setAutoCommit(false);
            Sql.execute(connection, setupScript());
            connection.commit();
        }
        // Settings the set-up gave the database reach only sessions opened after it.
        sandbox.flush(AgroalDataSource.FlushMode.GRACEFUL);
        prepared = true;
    }

    private Connection connectCreatingDatabase() throws SQLException {
        try {
            return sandbox.getConnection();
        } catch (SQLException e) {
            if (!Causes.any(e, cause -> cause instanceof SQLException sql && UNDEFINED_DATABASE.equals(sql.getSQLState()))) {
                throw e;
            }
        }
        try (Connection connection = application.getConnection()) {
            // The application's user owns it, which lets the service alone connect and create temporary tables.
            Sql.execute(connection, "CREATE DATABASE " + Sql.quote(name));
            Log.infof("Created the database %s for teachers' queries", name);
        } catch (SQLException e) {
            if (!DUPLICATE_DATABASE.equals(e.getSQLState())) {
                throw new SQLException("The database " + name + " for teachers' queries does not exist and cannot be created ("
                        + e.getMessage() + "); as a superuser run: CREATE DATABASE \"" + name + "\" OWNER <application user>", e);
            }
        }
        return sandbox.getConnection();
    }

    private static String setupScript() {
        try (InputStream script = SandboxDatabase.class.getClassLoader().getResourceAsStream(SETUP)) {
            if (script == null) {
                throw new IllegalStateException(SETUP + " is missing from the application");
            }
            return new String(script.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
