package academy.datadetective;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import academy.datadetective.auth.Accounts;
import academy.datadetective.dataset.Datasets;
import academy.datadetective.user.PasswordHasher;
import academy.datadetective.user.UserService;

/**
 * A sweep generated from the OpenAPI document: every operation gets missing fields, wrong types, huge strings,
 * unicode (with NUL), negative and overflowing numbers, malformed JSON, wrong content types, bad path and query
 * values and unknown query parameters. The rules: no answer is a 5xx, every 4xx is a problem body, and a
 * rejected request changes no data.
 *
 * <p>Requests go out through {@link HttpClient} rather than REST Assured, which would add a charset to content
 * types, encode bodies itself and not send a body without a content type; the sweep needs the exact bytes.
 */
@QuarkusTest
class BadInputSweepTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final String PROBLEM_MEDIA_TYPE = "application/problem+json";
    private static final int ONE_MEGABYTE = 1_048_576;
    /** A path or query value this long still fits in the request line, which the server reads up to 4 KB … */
    private static final int LONG_URL_VALUE = 3_000;
    /** … and one this long does not: the server answers before any resource sees the request. */
    private static final int OVERLONG_URL_VALUE = 4_096;
    /**
     * Vert.x answers such a request line with a bare 414 before Quarkus routes it, so no exception mapper
     * can give it a problem body (quarkus.http.limits.max-initial-line-length); the sweep holds it to that 414.
     */
    private static final String OVERLONG_REQUEST_LINE = "request line over 4 KB";
    private static final String UNICODE = "Zoë 🔍 \u202e";
    /** PostgreSQL stores no NUL in text, so a NUL must be rejected before it reaches the database. */
    private static final String UNICODE_WITH_NUL = UNICODE + " \u0000";
    private static final String BOUNDARY = "sweep-boundary";
    private static final String NO_BODY = "";
    private static final String JSON_BODY = "application/json";
    private static final String MULTIPART_BODY = "multipart/form-data";

    /** Operations the sweep must not call, and why; everything else in the document is swept. */
    private static final Map<String, String> EXCLUDED = Map.of(
            "POST /admin/seed", "adds the sample academy's accounts, and with clear=true deletes ALL data",
            "POST /admin/backups", "takes a real backup of the whole database: slow, and writes files",
            "POST /admin/backups/upload", "stores uploaded files in the backup directory that restores read",
            "POST /admin/backups/{name}/restore", "replaces ALL data with a backup's",
            "DELETE /admin/backups/{name}", "deletes backup files, which other tests and operators keep",
            "POST /auth/logout-all", "ends every session of the sweep's own accounts");

    /** The suite's own probe resources (one fails on purpose) are in the document, but are not the API. */
    private static final String TEST_ONLY_PATHS = "/test-only/";

    /**
     * Tables that legitimately change on rejected requests or by themselves: a refused login counts a failure
     * (login_throttle), scheduled jobs record their runs (job_runs), the hourly token clean-up deletes used and
     * expired tokens at any moment (refresh_tokens, password_reset_tokens), and Flyway's history is not
     * application data.
     */
    private static final Set<String> UNWATCHED_TABLES = Set.of("flyway_schema_history", "login_throttle", "job_runs",
            "refresh_tokens", "password_reset_tokens");

    /**
     * A wrong answer is graded, not rejected: the submit operation answers 400 and records the attempt, as its
     * documentation says ("400 when wrong, the attempt recorded"), with the statistics that triggers derive from
     * attempts (V7).
     */
    private static final String GRADED_OPERATION = "POST /progress/submit";
    private static final Set<String> GRADED_TABLES = Set.of("public.attempts", "public.challenge_stats", "public.challenge_attempters",
            "public.custom_challenge_stats");

    /**
     * A submission names a built-in challenge (unit_id, challenge_id) or a custom one, never both; the valid body
     * takes the built-in one. The field still gets every bad value.
     */
    private static final Set<String> LEFT_OUT_OF_VALID_BODIES = Set.of("custom_challenge_id");

    private static final List<String> BAD_PARAMETER_VALUES = List.of("-1", "0", "99999999999999999999", "1e309", "1.5",
            "abc", "true", "9999-99-99", UNICODE_WITH_NUL, "../../etc/passwd", "9".repeat(LONG_URL_VALUE));

    private static final Pattern ALTERNATIVES = Pattern.compile("\\^\\((\\w+)(?:\\|\\w+)*\\)\\$");

    @Inject
    UserService users;

    @Inject
    PasswordHasher passwordHasher;

    @Inject
    DataSource dataSource;

    @TestHTTPResource("/")
    URI root;

    private final HttpClient http = newClient();
    private final List<String> violations = new ArrayList<>();
    private final Map<Integer, Integer> statuses = new TreeMap<>();
    private JsonNode document;
    private TestSql db;
    private List<String> lastSnapshot;
    /** Where the WAL stood at the last snapshot: when it has not moved since, no table has changed. */
    private String lastLsn;
    private int requests;

    /** Values of existing objects, so that valid-looking requests reach the database: by body field name … */
    private final Map<String, Long> fieldFixtures = new LinkedHashMap<>();
    /** … and by path parameter, keyed by the path up to and including it ("/users/{id}"). */
    private final Map<String, String> pathFixtures = new LinkedHashMap<>();

    private record Caller(String role, String token) {
        static final Caller ANONYMOUS = new Caller("anonymous", null);
    }

    private record Operation(String method, String template, JsonNode spec) {

        boolean isPublic() {
            return !spec.has("security");
        }

        Set<String> roles() {
            Set<String> roles = new LinkedHashSet<>();
            spec.path("security").forEach(requirement -> requirement.forEach(scopes -> scopes.forEach(role -> roles.add(role.asText()))));
            return roles;
        }

        List<JsonNode> parameters(String in) {
            List<JsonNode> parameters = new ArrayList<>();
            spec.path("parameters").forEach(parameter -> {
                if (parameter.path("in").asText().equals(in)) {
                    parameters.add(parameter);
                }
            });
            return parameters;
        }

        /** The one media type of the request body, which the sweep must know how to send, or NO_BODY. */
        String bodyMediaType() {
            Iterator<String> mediaTypes = spec.path("requestBody").path("content").fieldNames();
            String mediaType = mediaTypes.hasNext() ? mediaTypes.next() : NO_BODY;
            if (!Set.of(NO_BODY, JSON_BODY, MULTIPART_BODY).contains(mediaType) || mediaTypes.hasNext()) {
                throw new IllegalStateException(this + " takes a body the sweep does not know how to send");
            }
            return mediaType;
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    /** One request: {@code target} is the path with its query; a null body sends none. */
    private record Probe(String variant, String method, String target, String contentType, byte[] body, String accept) {

        static Probe of(String variant, String method, String target) {
            return new Probe(variant, method, target, null, null, null);
        }

        Probe withBody(String variant, String contentType, byte[] body) {
            return new Probe(variant, method, target, contentType, body, accept);
        }

        Probe withBody(String variant, String contentType, String body) {
            return withBody(variant, contentType, body.getBytes(StandardCharsets.UTF_8));
        }

        Probe withAccept(String variant, String accept) {
            return new Probe(variant, method, target, contentType, body, accept);
        }

        Probe withMethod(String variant, String method) {
            return new Probe(variant, method, target, contentType, body, accept);
        }

        Probe withTarget(String variant, String target) {
            return new Probe(variant, method, target, contentType, body, accept);
        }
    }

    @Test
    void noBadInputGetsAServerErrorAnAnswerThatIsNotAProblemOrChangesData() throws Exception {
        long started = System.nanoTime();
        document = JSON.readTree(given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .extract().asByteArray());
        db = new TestSql(dataSource);
        List<Caller> callers = callersWithFixtures();

        List<Operation> operations = operations();
        lastSnapshot = snapshot();
        lastLsn = db.string("SELECT pg_current_wal_lsn()");
        for (Operation operation : operations) {
            sweep(operation, callers);
        }

        printSummary(operations.size(), Duration.ofNanos(System.nanoTime() - started));
        assertEquals(List.of(), violations, violations.size() + " requests broke the rules");
    }

    // --- set-up -----------------------------------------------------------------------------------

    /** Anonymous, a student, a teacher and an admin, plus the objects that valid-looking requests name. */
    private List<Caller> callersWithFixtures() {
        String student = Accounts.login(Accounts.register("student")).accessToken();
        String teacher = Accounts.login(Accounts.register("teacher")).accessToken();
        String admin = Accounts.login(Accounts.admin(users, passwordHasher)).accessToken();

        // Another student whom the user endpoints may deactivate, rename and finally delete.
        long victim = Accounts.register("student").id();
        long dataset = Datasets.upload(teacher, "city,population\nParis,2100000\nLyon,520000\n");
        long challenge = given().auth().oauth2(teacher).contentType("application/json")
                .body(Map.of("dataset_id", dataset, "title", "Sweep", "description", "Sweep", "expected_query", "SELECT 1",
                        "hints", List.of("", "", "")))
                .when().post("/challenges/custom").then().statusCode(201).extract().jsonPath().getLong("id");

        fieldFixtures.put("dataset_id", dataset);
        pathFixtures.put("/users/{id}", String.valueOf(victim));
        pathFixtures.put("/progress/user/{id}", String.valueOf(victim));
        pathFixtures.put("/datasets/{id}", String.valueOf(dataset));
        pathFixtures.put("/challenges/custom/{id}", String.valueOf(challenge));
        pathFixtures.put("/admin/backups/{name}", "backup_20260101_000000.sql.gz");
        return List.of(Caller.ANONYMOUS, new Caller("student", student), new Caller("teacher", teacher), new Caller("admin", admin));
    }

    /** Every operation of the document but the excluded ones, deletions last so that the others find the fixtures. */
    private List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(method -> {
            Operation operation = new Operation(method.getKey().toUpperCase(), path.getKey(), method.getValue());
            if (!EXCLUDED.containsKey(operation.toString()) && !operation.template().startsWith(TEST_ONLY_PATHS)) {
                operations.add(operation);
            }
        }));
        operations.sort(Comparator.comparing(operation -> operation.method().equals("DELETE")));
        return operations;
    }

    // --- the sweep --------------------------------------------------------------------------------

    /**
     * Callers the operation serves get every probe; the others get the valid request only, whose refusal
     * (401, 403) must be a problem body too.
     */
    private void sweep(Operation operation, List<Caller> callers) throws InterruptedException {
        List<Caller> served = new ArrayList<>();
        for (Caller caller : callers) {
            if (operation.isPublic() ? caller == Caller.ANONYMOUS : operation.roles().contains(caller.role())) {
                served.add(caller);
                for (Probe probe : probes(operation)) {
                    send(operation, caller, probe);
                }
            } else if (!operation.isPublic()) {
                send(operation, caller, valid(operation));
            }
        }
        // The server refuses this before routing, whoever asks: once per operation is enough.
        send(operation, served.get(0), valid(operation).withTarget(OVERLONG_REQUEST_LINE,
                target(operation, Map.of(), Map.of("zzz", "9".repeat(OVERLONG_URL_VALUE)))));
    }

    private List<Probe> probes(Operation operation) {
        List<Probe> probes = new ArrayList<>();
        probes.add(valid(operation));
        probes.addAll(parameterProbes(operation));
        probes.add(valid(operation).withAccept("Accept: application/xml", "application/xml"));
        probes.add(valid(operation).withMethod("method not in the document", "PATCH"));
        switch (operation.bodyMediaType()) {
            case JSON_BODY -> probes.addAll(jsonBodyProbes(operation, bodySchema(operation)));
            case MULTIPART_BODY -> probes.addAll(multipartProbes(operation, bodySchema(operation)));
            default -> probes.addAll(unexpectedBodyProbes(operation));
        }
        return probes;
    }

    /** Plausible path and query values and, where the operation takes one, a plausible body. */
    private Probe valid(Operation operation) {
        Probe probe = Probe.of("valid request", operation.method(), target(operation, Map.of(), Map.of()));
        return switch (operation.bodyMediaType()) {
            case JSON_BODY -> probe.withBody("valid request", JSON_BODY, json(plausible("body", bodySchema(operation))));
            // A well-formed upload would import accounts or create tables: multipart operations get malformed ones only.
            case MULTIPART_BODY -> probe.withBody("form without the file part", multipart(), formWithoutFiles(bodySchema(operation)));
            default -> probe;
        };
    }

    private List<Probe> parameterProbes(Operation operation) {
        List<Probe> probes = new ArrayList<>();
        probes.add(valid(operation).withTarget("unknown query parameter", target(operation, Map.of(), Map.of("zzz", "1"))));
        for (String in : List.of("path", "query")) {
            for (JsonNode parameter : operation.parameters(in)) {
                String name = parameter.path("name").asText();
                for (String value : BAD_PARAMETER_VALUES) {
                    Map<String, String> values = Map.of(name, value);
                    String target = in.equals("path") ? target(operation, values, Map.of()) : target(operation, Map.of(), values);
                    probes.add(valid(operation).withTarget(in + " " + name + "=" + abbreviate(value, 24), target));
                }
            }
        }
        return probes;
    }

    /** Operations without a body must ignore one or refuse it. */
    private List<Probe> unexpectedBodyProbes(Operation operation) {
        if (operation.method().equals("GET")) {
            return List.of();
        }
        Probe valid = valid(operation);
        return List.of(valid.withBody("unexpected malformed JSON body", JSON_BODY, "{\"a\":"),
                valid.withBody("unexpected text body", "text/plain", "sweep"));
    }

    private List<Probe> jsonBodyProbes(Operation operation, JsonNode schema) {
        Probe valid = valid(operation);
        List<Probe> probes = new ArrayList<>();
        for (String body : List.of("{}", "null", "[]", "\"sweep\"", "1")) {
            probes.add(valid.withBody("body " + body, JSON_BODY, body));
        }
        for (String field : requiredFields(schema)) {
            ObjectNode body = validBody(schema);
            body.remove(field);
            probes.add(valid.withBody("without " + field, JSON_BODY, json(body)));
        }
        ObjectNode unknown = validBody(schema);
        unknown.put("zzz", 1);
        probes.add(valid.withBody("unknown field", JSON_BODY, json(unknown)));
        schema.path("properties").fields().forEachRemaining(property -> {
            String field = snakeCase(property.getKey());
            badValues(resolve(property.getValue())).forEach((label, value) -> {
                ObjectNode body = validBody(schema);
                body.set(field, value);
                probes.add(valid.withBody(field + " " + label, JSON_BODY, json(body)));
            });
        });
        probes.addAll(malformedJsonProbes(valid));
        String validJson = new String(json(validBody(schema)), StandardCharsets.UTF_8);
        probes.add(valid.withBody("JSON as text/plain", "text/plain", validJson));
        probes.add(valid.withBody("XML body", "application/xml", "<sweep/>"));
        probes.add(valid.withBody("form body", "application/x-www-form-urlencoded", "a=1"));
        probes.add(valid.withBody("JSON without content type", null, validJson));
        probes.add(valid.withBody("no body at all", null, (byte[]) null));
        return probes;
    }

    private static List<Probe> malformedJsonProbes(Probe valid) {
        List<Probe> probes = new ArrayList<>();
        for (String body : List.of("{\"a\":", "[", "nul", "{\"a\":1,}", "{'a':1}", "{} trailing", "")) {
            probes.add(valid.withBody("malformed JSON " + body, JSON_BODY, body));
        }
        byte[] invalidUtf8 = { '{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' };
        probes.add(valid.withBody("invalid UTF-8", JSON_BODY, invalidUtf8));
        probes.add(valid.withBody("100 000 nested arrays", JSON_BODY, "[".repeat(100_000) + "]".repeat(100_000)));
        return probes;
    }

    /** Broken multipart bodies and other content types; no well-formed upload with a file. */
    private List<Probe> multipartProbes(Operation operation, JsonNode schema) {
        Probe valid = valid(operation);
        String form = new String(formWithoutFiles(schema), StandardCharsets.UTF_8);
        return List.of(
                valid.withBody("multipart without boundary", MULTIPART_BODY, form),
                valid.withBody("multipart with another boundary", MULTIPART_BODY + "; boundary=other", form),
                valid.withBody("multipart cut short", multipart(), form.substring(0, form.length() / 2)),
                valid.withBody("multipart without parts", multipart(), "--" + BOUNDARY + "--\r\n"),
                valid.withBody("multipart garbage", multipart(), "sweep"),
                valid.withBody("empty multipart body", multipart(), ""),
                valid.withBody("JSON instead of multipart", JSON_BODY, "{}"),
                valid.withBody("text instead of multipart", "text/plain", "a\n1\n"),
                valid.withBody("no body at all", null, (byte[]) null));
    }

    // --- values -----------------------------------------------------------------------------------

    /** A value the schema accepts, with plausible content where the field's name tells what the API expects. */
    private JsonNode plausible(String field, JsonNode schema) {
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        if (fieldFixtures.containsKey(field)) {
            return NODES.numberNode(fieldFixtures.get(field));
        }
        return switch (schema.path("type").asText()) {
            case "string" -> NODES.textNode(plausibleText(field, schema));
            case "integer", "number" -> NODES.numberNode(schema.path("minimum").asLong(1));
            case "boolean" -> NODES.booleanNode(true);
            case "array" -> {
                ArrayNode items = NODES.arrayNode();
                for (int i = 0; i < Math.max(1, schema.path("minItems").asInt(1)); i++) {
                    items.add(plausible(field, resolve(schema.path("items"))));
                }
                yield items;
            }
            case "object" -> validBody(schema);
            default -> NODES.textNode("sweep");
        };
    }

    private static String plausibleText(String field, JsonNode schema) {
        String pattern = schema.path("pattern").asText();
        Matcher alternatives = ALTERNATIVES.matcher(pattern);
        if (alternatives.matches()) {
            return alternatives.group(1);
        }
        if (field.endsWith("email")) {
            return Accounts.uniqueEmail("sweep");
        }
        if (field.contains("password")) {
            return Accounts.PASSWORD;
        }
        if (field.endsWith("query")) {
            return "SELECT 1";
        }
        return "Sweep " + field;
    }

    /** Fresh for every probe, so that each registration has an email of its own. */
    private ObjectNode validBody(JsonNode schema) {
        ObjectNode body = NODES.objectNode();
        schema.path("properties").fields().forEachRemaining(property -> {
            String field = snakeCase(property.getKey());
            if (!LEFT_OUT_OF_VALID_BODIES.contains(field)) {
                body.set(field, plausible(field, resolve(property.getValue())));
            }
        });
        return body;
    }

    /** Every value of another JSON type than the schema's, and the edge values of its own type. */
    private Map<String, JsonNode> badValues(JsonNode schema) {
        String type = schema.path("type").asText();
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("null", NODES.nullNode());
        if (!type.equals("string")) {
            values.put("as string", NODES.textNode("sweep"));
        }
        if (!type.equals("integer") && !type.equals("number")) {
            values.put("as number", NODES.numberNode(12345));
        }
        if (!type.equals("boolean")) {
            values.put("as boolean", NODES.booleanNode(true));
        }
        if (!type.equals("array")) {
            values.put("as array", NODES.arrayNode().add("sweep"));
        }
        values.put("as object", NODES.objectNode().put("sweep", 1));
        switch (type) {
            case "string" -> values.putAll(badTexts());
            case "integer", "number" -> values.putAll(badNumbers());
            case "array" -> values.putAll(badArrays(resolve(schema.path("items")), schema.path("minItems").asInt(1)));
            default -> {
            }
        }
        return values;
    }

    private static Map<String, JsonNode> badTexts() {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("empty", NODES.textNode(""));
        values.put("blank", NODES.textNode("   "));
        values.put("of 1 MB", NODES.textNode("x".repeat(ONE_MEGABYTE)));
        values.put("unicode", NODES.textNode(UNICODE));
        values.put("unicode with NUL", NODES.textNode(UNICODE_WITH_NUL));
        return values;
    }

    private static Map<String, JsonNode> badNumbers() {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("-1", NODES.numberNode(-1));
        values.put("0", NODES.numberNode(0));
        values.put("1.5", NODES.numberNode(new BigDecimal("1.5")));
        values.put("2147483648", NODES.numberNode(2_147_483_648L));
        values.put("9223372036854775808", NODES.numberNode(new BigInteger("9223372036854775808")));
        values.put("-9e18", NODES.numberNode(new BigDecimal("-9e18")));
        values.put("1e309", NODES.numberNode(new BigDecimal("1e309")));
        values.put("of 5000 digits", NODES.numberNode(new BigInteger("9".repeat(5000))));
        return values;
    }

    /** Too few and far too many items, null items, and the bad values of the item type in the first item. */
    private static Map<String, JsonNode> badArrays(JsonNode itemSchema, int minItems) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("empty", NODES.arrayNode());
        ArrayNode nulls = NODES.arrayNode();
        ArrayNode many = NODES.arrayNode();
        for (int i = 0; i < Math.max(1, minItems); i++) {
            nulls.addNull();
        }
        for (int i = 0; i < 10_000; i++) {
            many.add("sweep");
        }
        values.put("of nulls", nulls);
        values.put("of 10 000 items", many);
        Map<String, JsonNode> itemValues = itemSchema.path("type").asText().equals("string") ? badTexts() : badNumbers();
        itemValues.forEach((label, value) -> {
            ArrayNode items = NODES.arrayNode().add(value);
            for (int i = 1; i < minItems; i++) {
                items.add("sweep");
            }
            values.put("with an item " + label, items);
        });
        return values;
    }

    private static List<String> requiredFields(JsonNode schema) {
        List<String> fields = new ArrayList<>();
        schema.path("required").forEach(field -> fields.add(snakeCase(field.asText())));
        return fields;
    }

    /** A form with the schema's text fields and none of its files. */
    private byte[] formWithoutFiles(JsonNode schema) {
        StringBuilder form = new StringBuilder();
        schema.path("properties").fields().forEachRemaining(property -> {
            if (!property.getValue().path("format").asText().equals("binary")) {
                form.append("--").append(BOUNDARY).append("\r\n")
                        .append("Content-Disposition: form-data; name=\"").append(property.getKey()).append("\"\r\n\r\n")
                        .append(plausibleText(property.getKey(), property.getValue())).append("\r\n");
            }
        });
        return form.append("--").append(BOUNDARY).append("--\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String multipart() {
        return MULTIPART_BODY + "; boundary=" + BOUNDARY;
    }

    private JsonNode bodySchema(Operation operation) {
        return resolve(operation.spec().path("requestBody").path("content").path(operation.bodyMediaType()).path("schema"));
    }

    private JsonNode resolve(JsonNode schema) {
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asText().substring("#/components/schemas/".length());
            return resolve(document.path("components").path("schemas").path(name));
        }
        if (schema.has("allOf")) {
            return resolve(schema.get("allOf").get(0));
        }
        return schema;
    }

    /**
     * The document names body fields as the Java records do (datasetId), while the API reads and writes
     * snake_case (dataset_id); names already in snake_case stay as they are.
     */
    private static String snakeCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }

    /** The operation's path with fixtures or plausible values for its parameters, unless given, and the query. */
    private String target(Operation operation, Map<String, String> pathValues, Map<String, String> query) {
        String path = operation.template();
        for (JsonNode parameter : operation.parameters("path")) {
            String name = parameter.path("name").asText();
            String placeholder = "{" + name + "}";
            String key = path.substring(0, path.indexOf(placeholder)) + placeholder;
            String value = pathValues.getOrDefault(name, pathFixtures.getOrDefault(key,
                    resolve(parameter.path("schema")).path("type").asText().equals("integer") ? "1" : "sweep"));
            path = path.replace(placeholder, URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        if (query.isEmpty()) {
            return path;
        }
        return path + "?" + query.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static byte[] json(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- sending and judging ----------------------------------------------------------------------

    private static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    private void send(Operation operation, Caller caller, Probe probe) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root.toString().replaceAll("/$", "") + probe.target()))
                .timeout(Duration.ofSeconds(60))
                .method(probe.method(), probe.body() == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(probe.body()));
        if (probe.contentType() != null) {
            request.header("Content-Type", probe.contentType());
        }
        if (probe.accept() != null) {
            request.header("Accept", probe.accept());
        }
        if (caller.token() != null) {
            request.header("Authorization", "Bearer " + caller.token());
        }
        String where = operation + " as " + caller.role() + ", " + probe.variant() + ": " + probe.method() + " "
                + abbreviate(probe.target(), 120);
        requests++;
        HttpResponse<byte[]> response;
        try {
            // The server closes the connection after its 414: on a client of its own, the next request never
            // meets that connection closing under it ("header parser received no bytes").
            HttpClient client = probe.variant().equals(OVERLONG_REQUEST_LINE) ? newClient() : http;
            response = client.send(request.build(), BodyHandlers.ofByteArray());
        } catch (IOException e) {
            violations.add(where + " → no answer: " + e);
            return;
        }
        int status = response.statusCode();
        statuses.merge(status, 1, Integer::sum);
        if (probe.variant().equals(OVERLONG_REQUEST_LINE)) {
            if (status != 414) {
                violations.add(where + " → " + describe(response) + " instead of the server's 414");
            }
        } else if (status >= 500) {
            violations.add(where + " → " + describe(response));
        } else if (status >= 400) {
            notAProblem(response).ifPresent(flaw -> violations.add(where + " → " + flaw + ": " + describe(response)));
        }
        // One snapshot per request keeps the rule exact: a 2xx may change data, a 4xx may not, a GET never. A
        // request after which the WAL has not moved changed nothing, and needs none.
        String lsn = db.string("SELECT pg_current_wal_lsn()");
        if (lsn.equals(lastLsn)) {
            return;
        }
        List<String> after = snapshot();
        Set<String> changed = changedTables(lastSnapshot, after);
        if (status == 400 && operation.toString().equals(GRADED_OPERATION)) {
            changed.removeAll(GRADED_TABLES);
        }
        if (!changed.isEmpty() && (status >= 400 || probe.method().equals("GET"))) {
            violations.add(where + " → " + status + " but changed " + String.join(", ", changed));
        }
        lastSnapshot = after;
        lastLsn = db.string("SELECT pg_current_wal_lsn()");
    }

    /** What is wrong with a 4xx answer as an RFC 9457 problem body, if anything. */
    private static Optional<String> notAProblem(HttpResponse<byte[]> response) {
        if (!response.headers().firstValue("Content-Type").orElse("").startsWith(PROBLEM_MEDIA_TYPE)) {
            return Optional.of("not a problem body");
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            return Optional.of("body that is not JSON");
        }
        List<String> flaws = new ArrayList<>();
        for (String field : List.of("type", "title", "detail")) {
            if (!body.path(field).isTextual()) {
                flaws.add("no " + field);
            }
        }
        if (body.path("status").asInt() != response.statusCode()) {
            flaws.add("status " + body.path("status") + " in the body");
        }
        for (JsonNode error : body.path("errors")) {
            if (!error.path("field").isTextual() || !error.path("message").isTextual()) {
                flaws.add("an error without field and message");
            }
        }
        return flaws.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", flaws));
    }

    /**
     * Each table's row count and a hash of its rows, over every schema (datasets' tables have their own)
     * but the unwatched tables.
     */
    private List<String> snapshot() {
        return db.strings("""
                SELECT table_schema || '.' || table_name || ': ' || (xpath('/row/f/text()', query_to_xml(format(
                           'SELECT count(*) || '' rows, md5 '' || coalesce(md5(string_agg(t::text, '','' ORDER BY t::text)), ''-'') AS f FROM %I.%I t',
                           table_schema, table_name), false, true, '')))[1]::text
                FROM information_schema.tables
                WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
                  AND table_name NOT IN (""" + UNWATCHED_TABLES.stream().map(table -> "'" + table + "'").collect(Collectors.joining(", "))
                + ") ORDER BY 1");
    }

    private static Set<String> changedTables(List<String> before, List<String> after) {
        Set<String> changed = new LinkedHashSet<>();
        for (String line : after) {
            if (!before.contains(line)) {
                changed.add(line.substring(0, line.indexOf(':')));
            }
        }
        for (String line : before) {
            if (!after.contains(line)) {
                changed.add(line.substring(0, line.indexOf(':')));
            }
        }
        return changed;
    }

    private static String describe(HttpResponse<byte[]> response) {
        return response.statusCode() + " " + response.headers().firstValue("Content-Type").orElse("(no content type)") + " "
                + abbreviate(new String(response.body(), StandardCharsets.UTF_8), 300);
    }

    private static String abbreviate(String text, int length) {
        String visible = text.replace("\u0000", "\\u0000");
        return visible.length() <= length ? visible : visible.substring(0, length) + "… (" + visible.length() + " chars)";
    }

    private void printSummary(int operations, Duration duration) {
        System.out.println("Bad-input sweep: " + operations + " operations swept (" + EXCLUDED.size() + " excluded), "
                + requests + " requests in " + duration.toSeconds() + " s");
        statuses.forEach((status, count) -> System.out.println("  " + status + ": " + count));
        System.out.println("  rule violations: " + violations.size());
        violations.forEach(violation -> System.out.println("  ✗ " + violation));
    }
}
