package academy.datadetective.config;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Without ALLOWED_ORIGINS, the default: no web page of another origin may read what the API answers. */
@QuarkusTest
class CrossOriginDefaultTest {

    private static final String FRONT_END = "https://front.academy.test";

    @Test
    void noOtherOriginMayReadAnAnswer() {
        given().header("Origin", FRONT_END)
                .when().get("/leaderboard")
                .then().statusCode(200)
                .header(CrossOriginTest.ALLOW_ORIGIN, nullValue())
                .header("Access-Control-Allow-Credentials", nullValue());
    }

    @Test
    void noPreflightIsGranted() {
        given().header("Origin", FRONT_END)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .when().options("/auth/login")
                .then()
                .header(CrossOriginTest.ALLOW_ORIGIN, nullValue())
                .header("Access-Control-Allow-Methods", nullValue())
                .header("Access-Control-Allow-Headers", nullValue());
    }
}
