package academy.datadetective.config;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.jwt.util.KeyUtils;
import io.smallrye.jwt.util.ResourceUtils;

/**
 * Stops a start at once, with one line naming what is wrong with the token keys, instead of failing
 * at the first login (smallrye-jwt reads the keys lazily). The database URL is checked earlier, by
 * {@link EnvironmentConfigSourceFactory}, since Hibernate needs it before any startup event.
 */
@ApplicationScoped
public class JwtKeyConfigurationCheck {

    @ConfigProperty(name = "smallrye.jwt.sign.key.location")
    Optional<String> privateKeyLocation;

    @ConfigProperty(name = "mp.jwt.verify.publickey.location")
    Optional<String> publicKeyLocation;

    /** Operator commands run without HTTP (see AcademyMain) and issue no tokens. */
    @ConfigProperty(name = "quarkus.http.host-enabled", defaultValue = "true")
    boolean servingHttp;

    void verify(@Observes StartupEvent startup) {
        if (!servingHttp) {
            return;
        }
        List<String> problems = problems(LaunchMode.current() == LaunchMode.NORMAL, privateKeyLocation, publicKeyLocation);
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Cannot start: JWT keys: " + String.join("; ", problems));
        }
    }

    /** Dev and test may leave the keys out (Quarkus generates throw-away ones); keys that are given must work everywhere. */
    static List<String> problems(boolean production, Optional<String> privateKeyLocation, Optional<String> publicKeyLocation) {
        List<String> problems = new ArrayList<>();
        if (privateKeyLocation.isEmpty() && publicKeyLocation.isEmpty()) {
            if (production) {
                problems.add("JWT_PRIVATE_KEY_FILE and JWT_PUBLIC_KEY_FILE are not set (PEM files of an RSA key pair, 2048 bits or more)");
            }
            return problems;
        }
        if (privateKeyLocation.isEmpty() || publicKeyLocation.isEmpty()) {
            problems.add((privateKeyLocation.isEmpty() ? "JWT_PRIVATE_KEY_FILE" : "JWT_PUBLIC_KEY_FILE")
                    + " is not set, but its partner is: tokens need both halves of the key pair");
            return problems;
        }
        Optional<PrivateKey> privateKey = readKey("JWT_PRIVATE_KEY_FILE", privateKeyLocation.get(), KeyUtils::decodePrivateKey, problems);
        Optional<PublicKey> publicKey = readKey("JWT_PUBLIC_KEY_FILE", publicKeyLocation.get(), KeyUtils::decodePublicKey, problems);
        if (privateKey.isPresent() && publicKey.isPresent() && !isKeyPair(privateKey.get(), publicKey.get())) {
            problems.add("JWT_PRIVATE_KEY_FILE and JWT_PUBLIC_KEY_FILE are not two halves of one RSA key pair");
        }
        return problems;
    }

    private interface KeyDecoder<K> {
        K decode(String pem) throws GeneralSecurityException;
    }

    /** The same resolution smallrye-jwt applies to the locations: a file path, file:, classpath: or http(s). */
    private static <K> Optional<K> readKey(String variable, String location, KeyDecoder<K> decoder, List<String> problems) {
        try {
            String pem = ResourceUtils.readResource(location);
            if (pem == null) {
                problems.add(variable + " points to '" + location + "', which does not exist");
                return Optional.empty();
            }
            return Optional.of(decoder.decode(pem));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            problems.add(variable + " points to '" + location + "', which is not a readable PEM RSA key");
            return Optional.empty();
        }
    }

    private static boolean isKeyPair(PrivateKey privateKey, PublicKey publicKey) {
        try {
            byte[] probe = "data-detective-academy key pair probe".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
