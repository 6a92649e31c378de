package academy.datadetective.migration;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.cfg.JdbcSettings;
import org.hibernate.cfg.SchemaToolingSettings;
import org.hibernate.engine.config.spi.ConfigurationService;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.service.spi.SessionFactoryServiceRegistry;
import org.hibernate.tool.schema.TargetType;
import org.hibernate.tool.schema.UniqueConstraintSchemaUpdateStrategy;
import org.hibernate.tool.schema.spi.ContributableMatcher;
import org.hibernate.tool.schema.spi.ExceptionHandler;
import org.hibernate.tool.schema.spi.ExecutionOptions;
import org.hibernate.tool.schema.spi.SchemaManagementTool;
import org.hibernate.tool.schema.spi.ScriptTargetOutput;
import org.hibernate.tool.schema.spi.TargetDescriptor;

/**
 * The entities' mapping as Hibernate's schema tooling sees it, and the DDL its schema updater would run to bring
 * the database in line with them, written to a script only: nothing here ever changes the schema. Hibernate hands
 * its boot metadata only to integrators, which it creates itself (listed in META-INF/services, read by Quarkus at
 * build time), hence the static field rather than a bean.
 */
public final class EntityMappings implements Integrator {

    private record Unit(Metadata metadata, SessionFactoryImplementor sessionFactory) {
    }

    /** The service has one persistence unit; a live reload in dev replaces it. */
    private static volatile Unit unit;

    @Override
    public void integrate(Metadata metadata, BootstrapContext bootstrapContext, SessionFactoryImplementor sessionFactory) {
        unit = new Unit(metadata, sessionFactory);
    }

    @Override
    public void disintegrate(SessionFactoryImplementor sessionFactory, SessionFactoryServiceRegistry serviceRegistry) {
        Unit closing = unit;
        if (closing != null && closing.sessionFactory() == sessionFactory) {
            unit = null;
        }
    }

    /**
     * The statements Hibernate's schema updater finds missing from the database for the mapped entities (tables,
     * columns, indexes, unique and foreign keys, sequences), in the order it would run them, each ending with
     * {@code ;}. It reads the database's catalogue; it never runs them.
     */
    static List<String> missingDdl() {
        Unit current = unit;
        if (current == null) {
            throw new MigrationException("Hibernate has not started: no entity mapping to compare with the schema");
        }
        var registry = current.sessionFactory().getServiceRegistry();
        Map<String, Object> settings = new HashMap<>(registry.requireService(ConfigurationService.class).getSettings());
        settings.put(JdbcSettings.FORMAT_SQL, true);
        settings.put(SchemaToolingSettings.HBM2DDL_DELIMITER, ";");
        // The default also writes a DROP CONSTRAINT IF EXISTS before every unique key it adds: noise in a reviewed script.
        settings.put(SchemaToolingSettings.UNIQUE_CONSTRAINT_SCHEMA_UPDATE_STRATEGY, UniqueConstraintSchemaUpdateStrategy.RECREATE_QUIETLY);
        List<String> statements = new ArrayList<>();
        ScriptTargetOutput script = new ScriptTargetOutput() {
            @Override
            public void prepare() {
            }

            @Override
            public void accept(String command) {
                statements.add(command.strip());
            }

            @Override
            public void release() {
            }
        };
        registry.requireService(SchemaManagementTool.class).getSchemaMigrator(settings).doMigration(current.metadata(),
                new ExecutionOptions() {
                    @Override
                    public Map<String, Object> getConfigurationValues() {
                        return settings;
                    }

                    @Override
                    public boolean shouldManageNamespaces() {
                        return false;
                    }

                    @Override
                    public ExceptionHandler getExceptionHandler() {
                        return exception -> {
                            throw exception;
                        };
                    }
                },
                ContributableMatcher.ALL,
                new TargetDescriptor() {
                    @Override
                    public EnumSet<TargetType> getTargetTypes() {
                        return EnumSet.of(TargetType.SCRIPT);
                    }

                    @Override
                    public ScriptTargetOutput getScriptTargetOutput() {
                        return script;
                    }
                });
        return List.copyOf(statements);
    }
}
