package academy.datadetective.backup;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.Set;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * 502: the bucket of backups refused or did not answer. The message is one line an operator can act on, and
 * never carries a credential: the SDK's own messages are multi-line and name request IDs, so only the error
 * code, the bucket and the endpoint's host go into it.
 */
public class ObjectStorageException extends ApiException {

    /** What S3 and compatible stores answer for a wrong key or secret, or an expired session token. */
    private static final Set<String> REFUSED_CREDENTIALS = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken",
            "ExpiredToken", "TokenRefreshRequired", "InvalidClientTokenId");
    /** A bucket in another region than the client signs for. */
    private static final Set<String> WRONG_REGION = Set.of("PermanentRedirect", "AuthorizationHeaderMalformed", "IllegalLocationConstraintException");

    private ObjectStorageException(String message) {
        super(Response.Status.BAD_GATEWAY, message);
    }

    /** The backup is already there: a guard, since the caller picks a free name first. */
    static ObjectStorageException alreadyStored(BackupName name, String location) {
        return new ObjectStorageException("object storage already holds " + name + " in " + location + "; a backup is never overwritten");
    }

    /**
     * @param action what was asked, as in "object storage refused to {@code list s3://bucket/prefix}"
     * @param endpoint the custom endpoint, if any: an unreachable one is named, by scheme, host and port only
     */
    static ObjectStorageException of(SdkException e, String action, String bucket, Optional<URI> endpoint) {
        if (e instanceof AwsServiceException refused) {
            return refusal(refused, action, bucket);
        }
        Throwable network = networkCause(e);
        if (network != null) {
            return new ObjectStorageException("object storage at " + endpoint.map(ObjectStorageException::hostOnly).orElse("AWS")
                    + " is unreachable (" + network.getClass().getSimpleName() + ": " + network.getMessage()
                    + "): check BACKUP_S3_ENDPOINT and the network");
        }
        String message = firstLine(e.getMessage());
        if (message.startsWith("Unable to load credentials")) {
            return new ObjectStorageException("object storage credentials were not found: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY"
                    + " or give the pod a role");
        }
        if (message.startsWith("Unable to load region")) {
            return new ObjectStorageException("object storage has no region: set BACKUP_S3_REGION or AWS_REGION");
        }
        return new ObjectStorageException("object storage request to " + action + " failed: " + message);
    }

    private static ObjectStorageException refusal(AwsServiceException e, String action, String bucket) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        if (code == null) {
            // A HEAD request's error has no body, and so no code.
            return new ObjectStorageException("object storage refused to " + action + " (HTTP " + e.statusCode() + ")");
        }
        if (REFUSED_CREDENTIALS.contains(code)) {
            return new ObjectStorageException("object storage refused the credentials (" + code
                    + "): check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the pod's role");
        }
        if (code.equals("AccessDenied")) {
            return new ObjectStorageException("object storage denied access to " + action + " (AccessDenied): the credentials or the pod's"
                    + " role lack that permission on bucket " + bucket);
        }
        if (code.equals("NoSuchBucket")) {
            return new ObjectStorageException("object storage has no bucket " + bucket + " (NoSuchBucket): check BACKUP_S3_BUCKET");
        }
        if (WRONG_REGION.contains(code)) {
            return new ObjectStorageException("object storage keeps bucket " + bucket + " in another region (" + code
                    + "): check BACKUP_S3_REGION");
        }
        return new ObjectStorageException("object storage refused to " + action + " (" + code + ", HTTP " + e.statusCode() + ")");
    }

    private static Throwable networkCause(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            // Refused, reset, no route (SocketException and its kinds), a wrong host name, no answer in time.
            if (cause instanceof SocketException || cause instanceof UnknownHostException || cause instanceof SocketTimeoutException) {
                return cause;
            }
        }
        return null;
    }

    private static String hostOnly(URI endpoint) {
        return endpoint.getScheme() + "://" + endpoint.getHost() + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).strip();
    }
}
