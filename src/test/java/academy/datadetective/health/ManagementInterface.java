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
}
