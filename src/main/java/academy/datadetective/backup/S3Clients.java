package academy.datadetective.backup;

import java.net.URI;
import java.util.Optional;

import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** The S3 client of the backup settings ({@link BackupConfig.S3}), for AWS and for S3-compatible stores alike. */
final class S3Clients {

    private S3Clients() {
    }

    /**
     * With the SDK's default credentials, {@code DefaultCredentialsProvider}: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY,
     * a profile, a pod's web identity or container role. Left to the SDK rather than passed in, so that the client
     * owns it and closes it (with the STS client of a web identity).
     */
    static S3Client fromConfig(BackupConfig.S3 config) {
        return builder(config.endpoint(), region(config.region(), config.endpoint().isPresent()), config.pathStyle()).build();
    }

    /** Everything but the credentials, so that tests build their client as the service does. */
    static S3ClientBuilder builder(Optional<URI> endpoint, Optional<Region> region, boolean pathStyle) {
        S3ClientBuilder builder = S3Client.builder()
                // Named here rather than found on the classpath, where a test dependency may bring another one.
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .forcePathStyle(pathStyle)
                // The SDK's newer default checksums (CRC32 on every upload, in headers or trailers) are refused or
                // mishandled by S3-compatible stores that predate them; SHA-256 of the whole backup is ours anyway.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        endpoint.ifPresent(builder::endpointOverride);
        region.ifPresent(builder::region);
        return builder;
    }

    /**
     * The configured region, else AWS_REGION or the profile's. AWS itself: else the rest of the SDK's chain, which
     * asks the EC2 instance metadata. A store of one's own has no metadata service to ask and rarely regions; it
     * gets {@code us-east-1} to sign with.
     */
    static Optional<Region> region(Optional<String> configured, boolean customEndpoint) {
        if (configured.isPresent()) {
            return configured.map(Region::of);
        }
        if (!customEndpoint) {
            return Optional.empty();
        }
        try {
            return Optional.of(new AwsRegionProviderChain(new SystemSettingsRegionProvider(), new AwsProfileRegionProvider()).getRegion());
        } catch (SdkClientException e) {
            return Optional.of(Region.US_EAST_1);
        }
    }
}
