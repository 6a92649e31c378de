package academy.datadetective.dataset;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import academy.datadetective.TestSql;
import academy.datadetective.auth.Accounts;

/** ORIGINAL.md §3.10: a teacher's CSV uploads, as tables of their own that only their teacher sees. */
@QuarkusTest
class DatasetResourceTest {

    @Inject
    DataSource dataSource;

    private TestSql db;

    @BeforeAll
    static void explainFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @BeforeEach
    void connect() {
        db = new TestSql(dataSource);
    }

    @Test
    void aCsvBecomesATypedTableThatItsTeacherListsAndReads() {
        String teacher = teacherToken();
        String csv = "\uFEFFName,Score,Ratio,Note\nZoë,90,0.5,\"likes, commas\"\nBob,75,1,\nCarl,,2.25,\"said \"\"hi\"\"\"\n";
        long id = Datasets.upload(teacher, "Scores.CSV", csv.getBytes(StandardCharsets.UTF_8), "  Scores  ").then().statusCode(201)
                .body("name", equalTo("Scores"))
                .body("description", nullValue())
                .body("original_filename", equalTo("Scores.CSV"))
                .body("row_count", equalTo(3))
                .body("schema.columns.name", equalTo(List.of("name", "score", "ratio", "note")))
                .body("schema.columns.type", equalTo(List.of("TEXT", "INTEGER", "REAL", "TEXT")))
                .extract().jsonPath().getLong("id");

        given().auth().oauth2(teacher).when().get("/datasets/" + id).then().statusCode(200)
                .body("table_name", equalTo("dataset_" + id))
                .body("sample_data", hasSize(3))
                .body("sample_data[0]", equalTo(Map.of("name", "Zoë", "score", 90, "ratio", 0.5f, "note", "likes, commas")))
                .body("sample_data[1].note", nullValue())
                .body("sample_data[2].score", nullValue())
                .body("sample_data[2].note", equalTo("said \"hi\""));
        assertEquals(List.of("text", "bigint", "double precision", "text"), db.strings("SELECT data_type FROM information_schema.columns"
                + " WHERE table_schema = 'academy_datasets' AND table_name = 'dataset_" + id + "' ORDER BY ordinal_position"));
        given().auth().oauth2(teacher).when().get("/datasets/").then().statusCode(200)
                .body("total", equalTo(1))
                .body("datasets[0].id", equalTo((int) id))
                .body("datasets[0].row_count", equalTo(3))
                .body("datasets[0].challenge_count", equalTo(0));
    }

    @Test
    void aFileTheRulesRefuseGetsA4xxAndLeavesNothingBehind() {
        String teacher = teacherToken();
        long tablesBefore = datasetTables();
        assertRefused(teacher, "data.txt", "a\n1\n", 400, "File must be a CSV file (.csv)");
        assertRefused(teacher, "data.csv", "", 400, "File is empty");
        assertRefused(teacher, "data.csv", "a,b\n", 400, "CSV has no data rows");
        assertRefused(teacher, "data.csv", "1abc\n1\n", 400, "Invalid column name: 1abc");
        assertRefused(teacher, "data.csv", "Select\n1\n", 400, "Invalid column name: Select");
        assertRefused(teacher, "data.csv", "a".repeat(64) + "\n1\n", 400, "Invalid column name: " + "a".repeat(64));
        assertRefused(teacher, "data.csv", "total,Total\n1,2\n", 400, "Duplicate column name: Total");
        assertRefused(teacher, "data.csv", "a,b\n1,2\n3\n", 400, "Row 3 has 1 values; the header has 2");
        assertRefused(teacher, "data.csv", columns(51) + "\n" + "1,".repeat(50) + "1\n", 400, "51 columns");
        assertRefused(teacher, "data.csv", "n\n" + "1\n".repeat(10_001), 400, "more than 10000 rows");
        Datasets.upload(teacher, "data.csv", new byte[] { 'n', '\n', (byte) 0xE9, '\n' }, "Latin-1").then().statusCode(400)
                .body("detail", containsString("UTF-8"));
        Datasets.upload(teacher, "data.csv", new byte[5 * 1024 * 1024 + 1], "Huge").then().statusCode(413)
                .contentType("application/problem+json");
        Datasets.upload(teacher, "data.csv", "a\n1\n".getBytes(StandardCharsets.UTF_8), null).then().statusCode(422);
        Datasets.upload(teacher, "data.csv", "a\n1\n".getBytes(StandardCharsets.UTF_8), "n".repeat(201)).then().statusCode(422);

        given().auth().oauth2(teacher).when().get("/datasets").then().statusCode(200).body("total", equalTo(0));
        assertEquals(tablesBefore, datasetTables());
    }

    @Test
    void aDatasetIsItsTeachersOwn() {
        String owner = teacherToken();
        long id = Datasets.upload(owner, "x\n1\n");
        String stranger = teacherToken();
        given().auth().oauth2(stranger).when().get("/datasets/" + id).then().statusCode(403)
                .body("detail", equalTo("Access denied: you do not own this dataset"));
        given().auth().oauth2(stranger).when().delete("/datasets/" + id).then().statusCode(403);
        given().auth().oauth2(stranger).when().get("/datasets").then().statusCode(200).body("total", equalTo(0));
        given().auth().oauth2(owner).when().get("/datasets/999999999").then().statusCode(404).body("detail", equalTo("Dataset not found"));

        String student = Accounts.login(Accounts.register("student")).accessToken();
        given().auth().oauth2(student).when().get("/datasets").then().statusCode(403);
        given().auth().oauth2(student).when().get("/datasets/" + id).then().statusCode(403);
        given().auth().oauth2(student).when().delete("/datasets/" + id).then().statusCode(403);
        Datasets.upload(student, "data.csv", "a\n1\n".getBytes(StandardCharsets.UTF_8), "Mine").then().statusCode(403);
        given().when().get("/datasets").then().statusCode(401);
        given().when().delete("/datasets/" + id).then().statusCode(401);
        assertEquals(1, db.count("datasets WHERE id = " + id));
    }

    @Test
    void theListIsNewestFirstAndPaginated() {
        String teacher = teacherToken();
        long first = Datasets.upload(teacher, "a\n1\n");
        long second = Datasets.upload(teacher, "a\n2\n");
        long third = Datasets.upload(teacher, "a\n3\n");
        given().auth().oauth2(teacher).queryParam("limit", 2).when().get("/datasets").then().statusCode(200)
                .body("total", equalTo(3))
                .body("datasets.id", equalTo(List.of((int) third, (int) second)));
        given().auth().oauth2(teacher).queryParam("offset", 2).queryParam("limit", 2).when().get("/datasets").then().statusCode(200)
                .body("datasets.id", equalTo(List.of((int) first)));
        // As the original: a larger limit is capped, not refused.
        given().auth().oauth2(teacher).queryParam("limit", 1000).when().get("/datasets").then().statusCode(200)
                .body("datasets", hasSize(3));
        given().auth().oauth2(teacher).queryParam("offset", -1).when().get("/datasets").then().statusCode(422);
        given().auth().oauth2(teacher).queryParam("limit", 0).when().get("/datasets").then().statusCode(422);
    }

    private static void assertRefused(String token, String filename, String csv, int status, String detail) {
        Datasets.upload(token, filename, csv.getBytes(StandardCharsets.UTF_8), "Refused").then().statusCode(status)
                .contentType("application/problem+json")
                .body("detail", containsString(detail));
    }

    private long datasetTables() {
        return db.count("pg_tables WHERE schemaname = 'academy_datasets'");
    }

    /** {@code c1,c2,…} */
    private static String columns(int count) {
        return String.join(",", java.util.stream.IntStream.rangeClosed(1, count).mapToObj(i -> "c" + i).toList());
    }

    static String teacherToken() {
        return Accounts.login(Accounts.register("teacher")).accessToken();
    }
}
