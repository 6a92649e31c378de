package academy.datadetective.backup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3 server for tests: S3Proxy on a free 127.0.0.1 port over its in-memory store ({@code transient-nio2}),
 * with credentials made up for this server alone. It checks signatures as S3 does, so wrong credentials are
 * refused as they would be. It runs as a process of its own, from the jar that the build copies to
 * {@code target/s3proxy} (pom.xml says why not in this JVM), one for the whole test run: starting it costs
 * seconds, so every test class gets a bucket of the same server ({@link #start}); it ends with this JVM.
 */
public final class S3ProxyServer implements AutoCloseable {

    private static S3ProxyServer running;

    /** The test run's server with a bucket of that name (made if it is not there yet); {@link #close()} keeps the server. */
    public static synchronized S3ProxyServer start(String bucket) {
        if (running == null) {
            running = launch();
        }
        try {
            running.client.createBucket(request -> request.bucket(bucket));
        } catch (software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException
                | software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException e) {
            // Another test class's bucket of the same name: each test works under a prefix of its own.
        }
        return running.forBucket(bucket);
    }

    private S3ProxyServer forBucket(String bucket) {
        return new S3ProxyServer(this, bucket);
    }

    /** S3Proxy accepts a signature of any region; the SDK needs one to sign. */
    public static final String REGION = "us-east-1";

    private static final Path JAR = Path.of("target", "s3proxy", "s3proxy.jar");
    private static final Pattern STARTED = Pattern.compile("Started ServerConnector.*\\{127\\.0\\.0\\.1:(\\d+)}");
    private static final long START_TIMEOUT_SECONDS = 60;
    private static final int OUTPUT_LINES_KEPT = 40;

    private final String bucket;
    private final String accessKey;
    private final String secretKey;
    private final Process process;
    private final Deque<String> output;
    private final CompletableFuture<Integer> port;
    private S3Client client;

    /** The same server under another bucket. */
    private S3ProxyServer(S3ProxyServer server, String bucket) {
        this.bucket = bucket;
        this.accessKey = server.accessKey;
        this.secretKey = server.secretKey;
        this.process = server.process;
        this.output = server.output;
        this.port = server.port;
        this.client = server.client;
    }

    private S3ProxyServer() throws IOException {
        this.bucket = null;
        this.accessKey = "test-" + UUID.randomUUID();
        this.secretKey = UUID.randomUUID().toString();
        this.output = new ArrayDeque<>();
        this.port = new CompletableFuture<>();
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: the build copies it in process-test-resources (./mvnw test-compile)");
        }
        Path properties = Files.createTempFile("s3proxy", ".properties");
        properties.toFile().deleteOnExit();
        Files.write(properties, List.of(
                "s3proxy.endpoint=http://127.0.0.1:0",
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + accessKey,
                "s3proxy.credential=" + secretKey,
                "jclouds.provider=transient-nio2",
                "jclouds.identity=" + accessKey,
                "jclouds.credential=" + secretKey));
        // C1 only: it starts a second sooner, and a test's server never runs long enough for C2 to pay off.
        ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString(), "--properties", properties.toString())
                .redirectErrorStream(true);
        process = command.start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "s3proxy-stop"));
        Thread reader = new Thread(this::readOutput, "s3proxy-output");
        reader.setDaemon(true);
        reader.start();
    }

    private static S3ProxyServer launch() {
        S3ProxyServer server;
        try {
            server = new S3ProxyServer();
        } catch (IOException e) {
            throw new UncheckedIOException("S3Proxy did not start", e);
        }
        try {
            server.port.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            server.client = server.client(server.accessKey, server.secretKey);
            return server;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            server.process.destroyForcibly();
            throw new IllegalStateException("S3Proxy did not start; its last output:\n" + server.lastOutput(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.process.destroyForcibly();
            throw new IllegalStateException("Interrupted while S3Proxy started", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port.join());
    }

    public String bucket() {
        return bucket;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** A client of this server as the service builds one ({@link S3Clients#builder}), with its credentials; {@link #close()} closes it. */
    public S3Client client() {
        return client;
    }

    /** A new client with other credentials, to see them refused; the caller closes it. */
    public S3Client client(String accessKey, String secretKey) {
        return S3Clients.builder(Optional.of(endpoint()), Optional.of(Region.of(REGION)), true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .build();
    }

    /** Every key under the prefix, for a test to see all that was left in the bucket. */
    public List<String> keys(String prefix) {
        return client.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix)).contents().stream().map(S3Object::key).toList();
    }

    /** The multipart uploads under the prefix that were neither completed nor aborted. */
    public List<MultipartUpload> unfinishedUploads(String prefix) {
        return client.listMultipartUploads(request -> request.bucket(bucket).prefix(prefix)).uploads();
    }

    /** The server runs on for the other test classes; the end of this JVM stops it (its shutdown hook). */
    @Override
    public void close() {
    }

    /** Finds the port in Jetty's start line, passes warnings on, and keeps the last lines for a failure to start. */
    private void readOutput() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                Matcher started = STARTED.matcher(line);
                if (started.find()) {
                    port.complete(Integer.parseInt(started.group(1)));
                }
                if (line.startsWith("[s3proxy] E ") || line.startsWith("[s3proxy] W ")) {
                    // Its own complaints (an unknown header, say) are what a failing test needs to show.
                    System.err.println(line);
                }
                synchronized (output) {
                    output.addLast(line);
                    if (output.size() > OUTPUT_LINES_KEPT) {
                        output.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            port.completeExceptionally(e);
        }
        port.completeExceptionally(new IllegalStateException("S3Proxy ended before it listened"));
    }

    private String lastOutput() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }
}
