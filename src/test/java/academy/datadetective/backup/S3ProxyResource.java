package academy.datadetective.backup;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * An {@link S3ProxyServer} for a {@code @QuarkusTest} profile: the service's object storage settings point at it,
 * and the SDK's default credential chain finds its credentials as system properties ({@code aws.accessKeyId},
 * {@code aws.secretAccessKey}), which come before the environment's and are removed again at the end. A profile
 * names it in {@code testResources()}; a test field of type {@link S3ProxyServer} marked {@link InjectS3Proxy}
 * receives the server, to look into the bucket.
 */
public class S3ProxyResource implements QuarkusTestResourceLifecycleManager {

    /** Marks the test's {@link S3ProxyServer} field that receives the server. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectS3Proxy {
    }

    public static final String BUCKET = "academy-backups";
    static final String ACCESS_KEY_PROPERTY = "aws.accessKeyId";
    static final String SECRET_KEY_PROPERTY = "aws.secretAccessKey";

    private S3ProxyServer server;

    @Override
    public Map<String, String> start() {
        server = S3ProxyServer.start(BUCKET);
        System.setProperty(ACCESS_KEY_PROPERTY, server.accessKey());
        System.setProperty(SECRET_KEY_PROPERTY, server.secretKey());
        return Map.of(
                "academy.backup.s3.bucket", BUCKET,
                "academy.backup.s3.endpoint", server.endpoint().toString(),
                "academy.backup.s3.region", S3ProxyServer.REGION,
                "academy.backup.s3.path-style", "true");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(InjectS3Proxy.class, S3ProxyServer.class));
    }

    @Override
    public void stop() {
        System.clearProperty(ACCESS_KEY_PROPERTY);
        System.clearProperty(SECRET_KEY_PROPERTY);
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
