package academy.datadetective.dataset;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;

import io.restassured.response.Response;

/** Datasets uploaded through the API, as a teacher's front end does. */
public final class Datasets {

    private Datasets() {
    }

    public static Response upload(String token, String filename, byte[] csv, String name) {
        var request = given().auth().oauth2(token).multiPart("file", filename, csv, "text/csv");
        if (name != null) {
            request.multiPart("name", name);
        }
        return request.when().post("/datasets/upload");
    }

    /** @return the new dataset's id */
    public static long upload(String token, String csv) {
        return upload(token, "data.csv", csv.getBytes(StandardCharsets.UTF_8), "Test data").then().statusCode(201)
                .extract().jsonPath().getLong("id");
    }
}
