package academy.datadetective.health;

import io.quarkus.test.common.http.TestHTTPResourceManager;

/** The management interface of the running test application, where health and metrics are served. */
public final class ManagementInterface {

    private ManagementInterface() {
    }

    /** @param path such as {@code /q/health/ready} */
    public static String url(String path) {
        return TestHTTPResourceManager.getManagementUri().replaceFirst("/q/?$", "") + path;
    }

    /** The value of a sample line of {@code /q/metrics}, without the exemplar that follows it while traces are taken. */
    public static double value(String sample) {
        String withoutExemplar = sample.replaceFirst(" # .*$", "");
        return Double.parseDouble(withoutExemplar.substring(withoutExemplar.lastIndexOf(' ') + 1));
    }
}
