package academy.datadetective.health;

import static io.restassured.RestAssured.given;

import io.quarkus.test.common.http.TestHTTPResourceManager;

/** The management interface of the running test application, where health and metrics are served. */
public final class ManagementInterface {

    private ManagementInterface() {
    }

    /** @param path such as {@code /q/health/ready} */
    public static String url(String path) {
        return TestHTTPResourceManager.getManagementUri().replaceFirst("/q/?$", "") + path;
    }

    /** What Prometheus scrapes: {@code /q/metrics} in its text format. */
    public static String metrics() {
        return given().when().get(url("/q/metrics")).then().statusCode(200).extract().asString();
    }

    /**
     * The sum of the samples whose series starts with {@code series}, 0 when there is none.
     *
     * @param series a metric name ({@code academy_backup_failures_total}), or a name with its first labels in the
     *        exported order ({@code cache_gets_total{cache="verified_tokens",result="hit"})
     */
    public static double metric(String series) {
        return metrics().lines()
                .filter(line -> line.startsWith(series) && line.length() > series.length() && " {,}".indexOf(line.charAt(series.length())) >= 0)
                .mapToDouble(ManagementInterface::value)
                .sum();
    }

    /** The value of a sample line of {@code /q/metrics}, without the exemplar that follows it while traces are taken. */
    private static double value(String sample) {
        String withoutExemplar = sample.replaceFirst(" # .*$", "");
        return Double.parseDouble(withoutExemplar.substring(withoutExemplar.lastIndexOf(' ') + 1));
    }
}
