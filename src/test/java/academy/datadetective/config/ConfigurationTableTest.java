package academy.datadetective.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappingInterface.Property;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.ConfigMappings.ConfigClass;

/**
 * README's configuration table against what the service reads, so that neither drifts from the other: every
 * {@code ${VARIABLE:default}} of application.properties, the variables {@link EnvironmentConfigSourceFactory} reads
 * itself, those injected by name, and every property of the {@code @ConfigMapping} interfaces. Plain JUnit: the
 * files and the compiled classes say it all. Each problem names its variable, so that a failure says what to write.
 */
class ConfigurationTableTest {

    private static final Path README = Path.of("README.md");
    private static final Path PROPERTIES = Path.of("src/main/resources/application.properties");
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path FACTORY = SOURCES.resolve("academy/datadetective/config/EnvironmentConfigSourceFactory.java");

    private static final Pattern VARIABLE = Pattern.compile("[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z][A-Z0-9]+");
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{(" + VARIABLE.pattern() + "):([^}]*)}");
    private static final Pattern QUOTED_VARIABLE = Pattern.compile("\"(" + VARIABLE.pattern() + ")\"");
    private static final Pattern INJECTED_VARIABLE = Pattern.compile("@ConfigProperty\\(name = \"(" + VARIABLE.pattern() + ")\"");
    private static final Pattern CODE = Pattern.compile("`([^`]*)`");
    /** "(dev: `true`)", "(test: `3S`)", "(dev, test: `false`)" in the table's default column. */
    private static final Pattern PROFILE_DEFAULT = Pattern.compile("\\(((?:dev|test)(?:, (?:dev|test))?): `([^`]*)`\\)");

    /** One row of README's table: a variable, the default column's text. */
    record Row(String variable, String defaultText) {
    }

    /**
     * What application.properties says of one variable: the properties it feeds, and the values they take by default
     * and in the dev and test profiles (one each, unless the file contradicts itself).
     */
    record Setting(String variable, Set<String> properties, Set<String> defaults, Set<String> dev, Set<String> test) {
    }

    @Test
    void theTableListsEveryVariableTheServiceReadsWithItsDefault() throws IOException {
        Map<String, Row> table = table(Files.readString(README));
        Map<String, String> properties = properties(Files.readAllLines(PROPERTIES));
        Map<String, Setting> settings = settings(properties);
        Map<String, Property> mapped = mappingProperties();
        Set<String> readDirectly = readDirectly();
        List<String> problems = new ArrayList<>();

        Set<String> read = new TreeSet<>(settings.keySet());
        read.addAll(readDirectly);
        mapped.keySet().stream().map(ConfigurationTableTest::environmentForm).filter(table::containsKey).forEach(read::add);

        for (String variable : read) {
            if (!table.containsKey(variable)) {
                problems.add(variable + ": read by the service (" + (settings.containsKey(variable)
                        ? "application.properties: " + settings.get(variable).properties() : "EnvironmentConfigSourceFactory or @ConfigProperty")
                        + ") but missing from README's table");
            }
        }
        for (String variable : table.keySet()) {
            if (!read.contains(variable)) {
                problems.add(variable + ": in README's table, but the service does not read it");
            }
        }
        for (Setting setting : settings.values()) {
            Row row = table.get(setting.variable());
            if (row != null) {
                problems.addAll(defaultProblems(setting, row));
            }
        }
        mapped.forEach((property, definition) -> problems.addAll(mappingProblems(property, definition, properties, settings, table)));

        assertTrue(problems.isEmpty(), "README \"Configuration\" and the service disagree:\n  " + String.join("\n  ", problems));
    }

    @Test
    void theReadersOfThisTestFindWhatTheyLookFor() throws IOException {
        // Guards the guard: a parser blind to the table or to the mappings would let every comparison pass.
        Map<String, Row> table = table(Files.readString(README));
        assertTrue(table.size() > 50, table.keySet().toString());
        assertEquals("`5`", table.get("DB_POOL_SIZE").defaultText());
        assertTrue(table.containsKey("ADMIN_PASSWORD"), "several variables in one row");
        Map<String, Setting> settings = settings(properties(Files.readAllLines(PROPERTIES)));
        assertEquals(new Setting("SWAGGER_UI_ENABLED", Set.of("quarkus.swagger-ui.enabled"), Set.of("false"), Set.of("true"), Set.of("true")),
                settings.get("SWAGGER_UI_ENABLED"));
        assertTrue(readDirectly().containsAll(Set.of("DATABASE_URL", "TEST_DATABASE_URL", "DB_POOL_SIZE", "JWT_PUBLIC_KEY_FILE")));
        Map<String, Property> mapped = mappingProperties();
        assertTrue(mapped.containsKey("academy.auth.throttle.window"), mapped.keySet().toString());
        assertTrue(mapped.containsKey("academy.embedded-database.data-dir"), mapped.keySet().toString());
    }

    /** The rows of the table under "## Configuration": each variable named in its first column. */
    static Map<String, Row> table(String readme) {
        int section = readme.indexOf("\n## Configuration\n");
        int end = readme.indexOf("\n## ", section + 1);
        String body = readme.substring(section, end < 0 ? readme.length() : end);
        Map<String, Row> rows = new TreeMap<>();
        boolean inTable = false;
        for (String line : body.lines().toList()) {
            if (line.startsWith("| variable | default |")) {
                inTable = true;
            } else if (inTable && line.startsWith("| `")) {
                String[] cells = line.split("(?<!\\\\)\\|");
                Matcher names = CODE.matcher(cells[1]);
                while (names.find()) {
                    rows.put(names.group(1), new Row(names.group(1), cells[2].strip()));
                }
            } else if (inTable && !line.startsWith("|")) {
                break;
            }
        }
        return rows;
    }

    /** application.properties as keys (with their profile, {@code %dev.}…) and values. */
    static Map<String, String> properties(List<String> lines) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String line : lines) {
            String text = line.strip();
            int equals = text.indexOf('=');
            if (!text.startsWith("#") && equals > 0) {
                properties.put(text.substring(0, equals).strip(), text.substring(equals + 1).strip());
            }
        }
        return properties;
    }

    /** Every variable application.properties reads, with its default and its dev and test values. */
    static Map<String, Setting> settings(Map<String, String> properties) {
        Map<String, Setting> settings = new TreeMap<>();
        properties.forEach((key, value) -> {
            Matcher expression = EXPRESSION.matcher(value);
            while (!key.startsWith("%") && expression.find()) {
                String defaultValue = expression.group(2);
                Setting setting = settings.computeIfAbsent(expression.group(1),
                        variable -> new Setting(variable, new TreeSet<>(), new TreeSet<>(), new TreeSet<>(), new TreeSet<>()));
                setting.properties().add(key);
                setting.defaults().add(defaultValue);
                setting.dev().add(profileValue(properties.get("%dev." + key)).orElse(defaultValue));
                setting.test().add(profileValue(properties.get("%test." + key)).orElse(defaultValue));
            }
        });
        return settings;
    }

    /** A profile's value of a property: its own default when it reads the variable too, else the value itself. */
    private static Optional<String> profileValue(String value) {
        if (value == null) {
            return Optional.empty();
        }
        Matcher expression = EXPRESSION.matcher(value);
        return Optional.of(expression.matches() ? expression.group(2) : value);
    }

    /**
     * Variables the service reads without application.properties: those EnvironmentConfigSourceFactory looks up (the
     * string constants of its source that are variable names) and those injected by name.
     */
    static Set<String> readDirectly() throws IOException {
        Set<String> variables = new TreeSet<>();
        Matcher quoted = QUOTED_VARIABLE.matcher(Files.readString(FACTORY));
        while (quoted.find()) {
            variables.add(quoted.group(1));
        }
        try (var files = Files.walk(SOURCES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                Matcher injected = INJECTED_VARIABLE.matcher(Files.readString(file));
                while (injected.find()) {
                    variables.add(injected.group(1));
                }
            }
        }
        return variables;
    }

    /** Every property of the service's @ConfigMapping interfaces, by its full name. */
    static Map<String, Property> mappingProperties() {
        Map<String, Property> properties = new TreeMap<>();
        new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("academy.datadetective")
                .stream().filter(type -> type.isAnnotatedWith(ConfigMapping.class)).forEach(type -> {
                    Class<?> mapping = type.reflect();
                    String prefix = mapping.getAnnotation(ConfigMapping.class).prefix();
                    ConfigMappings.getProperties(ConfigClass.configClass(mapping, prefix)).forEach((name, property) -> {
                        if (!property.isGroup()) {
                            properties.put(name, property);
                        }
                    });
                });
        return properties;
    }

    /** How an environment variable spells a property (the MicroProfile Config rule). */
    static String environmentForm(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static List<String> defaultProblems(Setting setting, Row row) {
        String variable = setting.variable();
        if (setting.defaults().size() > 1 || setting.dev().size() > 1 || setting.test().size() > 1) {
            return List.of(variable + ": application.properties gives its properties " + setting.properties() + " different defaults: "
                    + setting.defaults() + ", in dev " + setting.dev() + ", in test " + setting.test());
        }
        List<String> problems = new ArrayList<>();
        String defaultValue = setting.defaults().iterator().next();
        String stated = row.defaultText();
        if (defaultValue.isEmpty() && stated.startsWith("`")) {
            problems.add(variable + ": README's default is " + stated + ", but application.properties has none (write what unset means)");
        } else if (!defaultValue.isEmpty() && !stated.startsWith("`" + defaultValue + "`")) {
            problems.add(variable + ": README's default is '" + stated + "', application.properties says `" + defaultValue + "`");
        }
        Map<String, String> statedProfiles = new TreeMap<>();
        Matcher profiles = PROFILE_DEFAULT.matcher(stated);
        while (profiles.find()) {
            for (String profile : profiles.group(1).split(", ")) {
                statedProfiles.put(profile, profiles.group(2));
            }
        }
        Map<String, String> actual = Map.of("dev", setting.dev().iterator().next(), "test", setting.test().iterator().next());
        actual.forEach((profile, value) -> {
            String written = statedProfiles.get(profile);
            if (written != null && !written.equals(value)) {
                problems.add(variable + ": README says (" + profile + ": `" + written + "`), application.properties gives " + profile + " `" + value + "`");
            }
        });
        String dev = actual.get("dev");
        if (!dev.equals(defaultValue) && !statedProfiles.containsKey("dev")) {
            problems.add(variable + ": dev's default is `" + dev + "` (%dev. in application.properties); README's default column does not say (dev: `"
                    + dev + "`)");
        }
        return problems;
    }

    /**
     * A mapping property is an operator setting fed by a variable of the table: through application.properties, or
     * by its own environment form (ACADEMY_…); unless application.properties sets it for dev and test only.
     */
    private static List<String> mappingProblems(String property, Property definition, Map<String, String> properties,
            Map<String, Setting> settings, Map<String, Row> table) {
        boolean fed = settings.values().stream().anyMatch(setting -> setting.properties().contains(property));
        if (fed) {
            return List.of();
        }
        String variable = environmentForm(property);
        if (table.containsKey(variable)) {
            String stated = table.get(variable).defaultText();
            if (definition.hasDefaultValue() && !stated.startsWith("`" + definition.getDefaultValue() + "`")) {
                return List.of(variable + ": README's default is '" + stated + "', the @WithDefault of " + property + " says `"
                        + definition.getDefaultValue() + "`");
            }
            return List.of();
        }
        boolean devAndTestOnly = !properties.containsKey(property)
                && (properties.containsKey("%dev." + property) || properties.containsKey("%test." + property));
        if (definition.hasDefaultValue() && devAndTestOnly) {
            return List.of();
        }
        return List.of(variable + ": " + property + " (" + definition.getMethod().getDeclaringClass().getSimpleName()
                + ") is read from no variable: map it in application.properties as " + property + "=${VARIABLE:default} and list VARIABLE in README");
    }
}
