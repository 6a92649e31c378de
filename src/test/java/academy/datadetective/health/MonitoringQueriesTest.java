package academy.datadetective.health;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.quarkus.test.junit.QuarkusTest;

/**
 * What operators look at and are woken by reads only what the service exports: every metric named in the alert
 * rules and in the Grafana dashboard's queries (deploy/k8s/monitoring) is in a scrape of {@code /q/metrics}. A
 * renamed or dropped metric, or a query with a typo, fails here instead of showing "No data" on the night it matters.
 * deploy/validate checks the same files' PromQL syntax and structure; this checks their names against the service.
 */
@QuarkusTest
class MonitoringQueriesTest {

    private static final Path MONITORING = Path.of("deploy", "k8s", "monitoring");

    /** PromQL words that look like metric names: operators and modifiers (functions are told by their parenthesis). */
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "atan2", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern NAME = Pattern.compile("(?<![\\w$.:])[a-zA-Z_:][a-zA-Z0-9_:]*(?![\\w(])(?!\\s*\\()");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");

    /**
     * The metric names a PromQL expression reads: what stays of it without strings, label matchers, ranges, grouping
     * clauses, Grafana variables and function names.
     */
    static Set<String> metricNames(String expression) {
        Set<String> names = new TreeSet<>();
        Matcher labelValues = LABEL_VALUES.matcher(expression);
        if (labelValues.find()) {
            // A Grafana variable's query, label_values(metric, label): only the first argument is a metric.
            names.add(labelValues.group(1));
            return names;
        }
        String bare = STRING.matcher(expression).replaceAll(" ")
                .replaceAll("\\{[^}]*\\}", " ")
                .replaceAll("\\[[^\\]]*\\]", " ");
        bare = GROUPING.matcher(bare).replaceAll(" ");
        Matcher name = NAME.matcher(bare);
        while (name.find()) {
            if (!KEYWORDS.contains(name.group().toLowerCase(Locale.ROOT))) {
                names.add(name.group());
            }
        }
        return names;
    }

    @Test
    void metricNamesAreReadFromPromQl() {
        assertEquals(Set.of("http_server_requests_seconds_bucket"), metricNames(
                "histogram_quantile(0.95, sum by (le, uri) (rate(http_server_requests_seconds_bucket{namespace=\"$namespace\", uri!~\"/q/.*\"}[$__rate_interval])))"));
        assertEquals(Set.of("academy_backup_last_success_timestamp_seconds"),
                metricNames("time() - max(academy_backup_last_success_timestamp_seconds) > 26 * 3600"));
        assertEquals(Set.of("a_total", "b_total"), metricNames("sum(rate(a_total[5m] offset 1h)) by (pod) / on(pod) group_left(x) sum(b_total) or vector(0)"));
        assertEquals(Set.of("jvm_memory_used_bytes"), metricNames("label_values(jvm_memory_used_bytes{area=\"heap\"}, namespace)"));
    }

    @Test
    void theAlertsAndTheDashboardReadOnlyMetricsTheServiceExports() throws IOException {
        Map<String, List<String>> readers = new TreeMap<>();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        for (JsonNode group : yaml.readTree(MONITORING.resolve("prometheusrule.yaml").toFile()).path("spec").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                read(readers, "alert " + rule.path("alert").asText(rule.path("record").asText()), rule.path("expr").asText());
            }
        }
        JsonNode dashboard = new ObjectMapper().readTree(MONITORING.resolve("dashboard.json").toFile());
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            JsonNode query = variable.path("query");
            if ("query".equals(variable.path("type").asText())) {
                read(readers, "variable " + variable.path("name").asText(), query.isObject() ? query.path("query").asText() : query.asText());
            }
        }
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panels::add);
        for (int i = 0; i < panels.size(); i++) {
            panels.get(i).path("panels").forEach(panels::add);
            for (JsonNode target : panels.get(i).path("targets")) {
                read(readers, "panel \"" + panels.get(i).path("title").asText() + "\"", target.path("expr").asText());
            }
        }
        assertTrue(readers.keySet().stream().anyMatch(name -> name.startsWith("academy_")), "no query read: " + readers);

        // Series appear with their first sample: an answer and a refused login first.
        given().when().get("/").then().statusCode(200);
        given().contentType("application/json").body(Map.of("email", "nobody@example.com", "password", "not the password"))
                .when().post("/auth/login").then().statusCode(401);
        Set<String> exported = new TreeSet<>();
        ManagementInterface.metrics().lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                .forEach(line -> exported.add(line.split("[{ ]", 2)[0]));

        Map<String, List<String>> missing = new TreeMap<>(readers);
        missing.keySet().removeAll(exported);
        assertEquals(Map.of(), missing, "metrics read by these queries are not exported by the service");
    }

    private static void read(Map<String, List<String>> readers, String reader, String expression) {
        assertFalse(expression.isBlank(), reader + " has no query");
        for (String metric : metricNames(expression)) {
            readers.computeIfAbsent(metric, name -> new ArrayList<>()).add(reader);
        }
    }
}
