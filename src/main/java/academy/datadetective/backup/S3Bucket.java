package academy.datadetective.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.quarkus.logging.Log;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The keys under one prefix of one bucket, and the requests the backup store makes of them. Every failure of a
 * request becomes an {@link ObjectStorageException}; a missing key is an answer ({@link Optional#empty()}), not one.
 */
final class S3Bucket {

    private final S3Client client;
    private final String name;
    private final String prefix;

    /** @param prefix a folder ({@code backups} and {@code backups/} are the same), or empty for the bucket's top */
    S3Bucket(S3Client client, String name, String prefix) {
        this.client = client;
        this.name = name;
        this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    }

    S3Client client() {
        return client;
    }

    String name() {
        return name;
    }

    String prefix() {
        return prefix;
    }

    String key(String nameUnderPrefix) {
        return prefix + nameUnderPrefix;
    }

    /** What a key is called under the prefix. */
    String nameOf(String key) {
        return key.substring(prefix.length());
    }

    String location() {
        return "s3://" + name + "/" + prefix;
    }

    <T> T call(String action, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            Log.debugf(e, "Object storage request to %s failed", action);
            throw ObjectStorageException.of(e, action, name, client.serviceClientConfiguration().endpointOverride());
        }
    }

    /**
     * The objects directly under the prefix whose names start with {@code start}, every page of them. Keys in
     * folders below it are not the store's.
     */
    List<S3Object> list(String start) {
        return call("list " + location(), () -> client.listObjectsV2Paginator(request -> request.bucket(name).prefix(key(start)).delimiter("/"))
                .contents().stream().toList());
    }

    /**
     * A listing rather than a HEAD: a HEAD's error has no body, and so no code that tells refused credentials or a
     * missing bucket from a missing key. A key is listed before any other key that starts with it.
     */
    boolean exists(String nameUnderPrefix) {
        String key = key(nameUnderPrefix);
        return call("list " + location(), () -> client.listObjectsV2(request -> request.bucket(name).prefix(key).maxKeys(1)))
                .contents().stream().anyMatch(object -> object.key().equals(key));
    }

    Optional<ResponseInputStream<GetObjectResponse>> open(String nameUnderPrefix) {
        String key = key(nameUnderPrefix);
        return call("read " + key, () -> {
            try {
                return Optional.of(client.getObject(request -> request.bucket(name).key(key)));
            } catch (NoSuchKeyException e) {
                return Optional.empty();
            }
        });
    }

    Optional<byte[]> read(String nameUnderPrefix) {
        return open(nameUnderPrefix).map(stream -> {
            try (stream) {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    void put(String nameUnderPrefix, byte[] content, String contentType) {
        call("store " + key(nameUnderPrefix), () -> client.putObject(request -> request.bucket(name).key(key(nameUnderPrefix))
                .contentType(contentType), RequestBody.fromBytes(content)));
    }

    /**
     * One DeleteObject after the other, in the order given; a key that is not there is no failure. Not DeleteObjects:
     * it requires a checksum header, and the SDK sends a CRC32 one that stores predating it refuse (S3Proxy 3.0.0
     * answers 501 NotImplemented, LegacyMd5Plugin or not), and some S3-compatible stores lack it altogether.
     */
    void delete(List<String> namesUnderPrefix) {
        for (String each : namesUnderPrefix) {
            call("delete " + key(each), () -> client.deleteObject(request -> request.bucket(name).key(key(each))));
        }
    }
}
