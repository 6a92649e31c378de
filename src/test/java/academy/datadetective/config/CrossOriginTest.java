package academy.datadetective.config;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.net.URL;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import academy.datadetective.auth.Accounts;
import academy.datadetective.auth.Accounts.Account;
import academy.datadetective.health.OwnNetwork;

/** A browser front end on another origin, listed in ALLOWED_ORIGINS, and a web site that is not. */
@QuarkusTest
@TestProfile(OwnNetwork.class)
class CrossOriginTest {

    static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
    private static final String STRANGER = "https://elsewhere.example";

    @TestHTTPResource("/")
    URL service;

    @Test
    void aListedOriginReadsAnswersAndTheHeadersItNeeds() {
        given().header("Origin", OwnNetwork.FRONT_END)
                .when().get("/leaderboard")
                .then().statusCode(200)
                .header(ALLOW_ORIGIN, OwnNetwork.FRONT_END)
                .header("Access-Control-Allow-Credentials", "false")
                .header("Access-Control-Expose-Headers", allOf(containsString("Retry-After"), containsString("Content-Disposition"),
                        containsString("Location"), containsString("X-Request-ID")));
    }

    @Test
    void aListedOriginsPreflightAllowsTheApisMethodsAndHeaders() {
        given().header("Origin", "http://localhost:5173")
                .header("Access-Control-Request-Method", "DELETE")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .when().options("/users/1")
                .then().statusCode(200)
                .header(ALLOW_ORIGIN, "http://localhost:5173")
                .header("Access-Control-Allow-Methods", "GET,HEAD,POST,PUT,DELETE")
                .header("Access-Control-Allow-Headers", "Authorization,Content-Type,X-Request-ID")
                .header("Access-Control-Max-Age", "3600");
    }

    @Test
    void aListedOriginCallsTheApiWithItsBearerToken() {
        Account student = Accounts.register("student");
        String token = Accounts.login(student.email(), Accounts.PASSWORD).accessToken();

        given().header("Origin", OwnNetwork.FRONT_END).auth().oauth2(token)
                .when().get("/users/me")
                .then().statusCode(200)
                .header(ALLOW_ORIGIN, OwnNetwork.FRONT_END)
                .body("email", equalTo(student.email()));
    }

    @Test
    void anUnlistedOriginIsRefusedBeforeTheRequestRuns() {
        Map<String, String> registration = Map.of("email", Accounts.uniqueEmail("stranger"), "name", "Stranger",
                "password", Accounts.PASSWORD, "role", "student");

        given().header("Origin", STRANGER).contentType("application/json").body(registration)
                .when().post("/auth/register")
                .then().statusCode(403)
                .header(ALLOW_ORIGIN, nullValue());
        // Nothing was created: the same registration, from no web page at all, still succeeds.
        given().contentType("application/json").body(registration)
                .when().post("/auth/register")
                .then().statusCode(201);
    }

    @Test
    void anUnlistedOriginsPreflightIsRefused() {
        given().header("Origin", STRANGER)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .when().options("/auth/login")
                .then().statusCode(403)
                .header(ALLOW_ORIGIN, nullValue());
    }

    @Test
    void pagesOfTheServicesOwnOriginNeedNoListing() {
        String own = service.getProtocol() + "://" + service.getAuthority();
        given().header("Origin", own)
                .when().get("/leaderboard")
                .then().statusCode(200)
                .header(ALLOW_ORIGIN, own);
    }

    @Test
    void aRequestWithoutAnOriginIsNoBrowsersAndGetsNoCorsHeaders() {
        given().when().get("/leaderboard")
                .then().statusCode(200)
                .header(ALLOW_ORIGIN, nullValue());
    }
}
