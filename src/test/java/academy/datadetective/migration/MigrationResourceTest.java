package academy.datadetective.migration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import academy.datadetective.auth.Accounts;
import academy.datadetective.user.PasswordHasher;
import academy.datadetective.user.UserService;

@QuarkusTest
class MigrationResourceTest {

    @Inject
    UserService users;

    @Inject
    PasswordHasher hasher;

    @Inject
    MigrationService migrations;

    @Test
    void adminsSeeTheSchemaVersionPendingAndHistory() {
        String token = Accounts.login(Accounts.admin(users, hasher)).accessToken();
        String latest = migrations.status().latestKnown().orElseThrow();

        given().auth().oauth2(token).when().get("/admin/migrations")
                .then().statusCode(200)
                .body("current", equalTo(latest))
                .body("latest_known", equalTo(latest))
                .body("up_to_date", equalTo(true))
                .body("pending", hasSize(0))
                // versions may leave a gap (a number reserved for another branch), so the latest is no count
                .body("history.version", hasItem(latest))
                .body("history.version", hasItem("1"))
                .body("history[0].success", equalTo(true));
    }

    @Test
    void onlyAdminsMayLook() {
        given().when().get("/admin/migrations").then().statusCode(401);
        String student = Accounts.login(Accounts.register("student")).accessToken();
        given().auth().oauth2(student).when().get("/admin/migrations").then().statusCode(403);
        String teacher = Accounts.login(Accounts.register("teacher")).accessToken();
        given().auth().oauth2(teacher).when().get("/admin/migrations").then().statusCode(403);
    }

    @Test
    void rollingBackOverHttpIsNotOffered() {
        String token = Accounts.login(Accounts.admin(users, hasher)).accessToken();
        given().auth().oauth2(token).when().post("/admin/migrations").then().statusCode(405);
        given().auth().oauth2(token).when().delete("/admin/migrations").then().statusCode(405);
    }
}
