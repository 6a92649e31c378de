package academy.datadetective.user;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import academy.datadetective.auth.Accounts;

@QuarkusTest
class StudentImportResourceTest {

    @BeforeAll
    static void explainFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void validRowsBecomeStudentsAndEveryOtherRowIsReportedWithItsNumber() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Accounts.Account existing = Accounts.register("student");
        String csv = "\uFEFFemail,name,extra\r\n"
                + "ann-" + tag + "@example.com,Ann Lee,x\r\n"
                + "obrien-" + tag + "@example.com,\"O'Brien, Pat\",y\r\n"
                + "not-an-email,Bad Row,z\r\n"
                + "ANN-" + tag + "@example.com,Ann Again,x\r\n"
                + existing.email() + ",Already There,x\r\n"
                + "short-" + tag + "@example.com\r\n";
        JsonPath report = upload(teacher(), csv).then().statusCode(200)
                .body("message", equalTo("Import completed: 2 students imported successfully"))
                .body("successful", equalTo(2))
                .body("skipped", equalTo(2))
                .body("failed", equalTo(2))
                .extract().jsonPath();
        assertEquals(List.of("Ann Lee", "O'Brien, Pat"), report.getList("imported_students.name"));
        List<String> passwords = report.getList("imported_students.temporary_password");
        assertTrue(passwords.get(0).length() >= 22 && !passwords.get(0).equals(passwords.get(1)));
        assertEquals(List.of(4, 5, 6, 7), report.getList("errors.row_number"));
        assertTrue(report.getString("errors[0].error").contains("not-an-email"), report.getString("errors[0].error"));
        assertEquals("Duplicate email in file (already processed above)", report.getString("errors[1].error"));
        assertEquals("Email already exists in database", report.getString("errors[2].error"));
        assertTrue(report.getString("errors[3].error").startsWith("Invalid name"), report.getString("errors[3].error"));

        // The temporary password works, for a student account.
        String token = Accounts.login("obrien-" + tag + "@example.com", passwords.get(1)).accessToken();
        given().auth().oauth2(token).when().get("/users/me").then().statusCode(200)
                .body("role", equalTo("student")).body("name", equalTo("O'Brien, Pat"));
    }

    @Test
    void aFileThatCannotBeReadIsRefusedWholeAndImportsNothing() {
        String teacher = teacher();
        upload(teacher, "").then().statusCode(400).body("detail", equalTo("CSV file is empty"));
        upload(teacher, "mail,name\r\nx@example.com,X\r\n").then().statusCode(400)
                .body("detail", equalTo("CSV missing required columns: email"));
        given().auth().oauth2(teacher).multiPart("file", "latin1.csv", "email,name\r\nz@example.com,Ren\u00e9e\r\n".getBytes(StandardCharsets.ISO_8859_1), "text/csv")
                .when().post("/import/students").then().statusCode(400).body("detail", equalTo("File must be UTF-8 encoded text"));
        given().auth().oauth2(Accounts.login(Accounts.register("student")).accessToken())
                .multiPart("file", "s.csv", "email,name\r\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .when().post("/import/students").then().statusCode(403).body("detail", containsString("permission"));
    }

    private static String teacher() {
        return Accounts.login(Accounts.register("teacher")).accessToken();
    }

    private static Response upload(String token, String csv) {
        return given().auth().oauth2(token).multiPart("file", "students.csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
                .when().post("/import/students");
    }
}
