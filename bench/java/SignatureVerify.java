import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * What one access token's check costs on this JDK: RS256 (our algorithm) against ES256 and EdDSA signature
 * verification, and the SHA-256 of the token that a verified-token cache looks it up by. Run by
 * bench/tokens.sh as {@code java bench/java/SignatureVerify.java}; single-threaded, after a warm-up.
 */
public class SignatureVerify {

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        // The shape of one of our access tokens: header and claims of about 300 bytes, base64url.
        String signingInput = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"kid\":\"academy\",\"typ\":\"JWT\",\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"iss\":\"https://datadetective.academy\","
                        + "\"aud\":\"data-detective-academy\",\"sub\":\"123456\",\"upn\":\"student@example.com\","
                        + "\"groups\":[\"student\"],\"token_version\":0,\"iat\":1764770000,\"exp\":1764771800,"
                        + "\"jti\":\"6f1c2d9e-7a7b-4c55-9a55-0d6b7d5f1e2a\"}").getBytes(StandardCharsets.UTF_8));
        byte[] message = signingInput.getBytes(StandardCharsets.US_ASCII);
        System.out.printf("| %s | %s |%n", "check", "µs per token (" + System.getProperty("java.version") + ")");
        System.out.println("|---|---|");
        report("RS256 verify (RSA 2048)", verifier("RSA", 2048, "SHA256withRSA", message), seconds);
        report("ES256 verify (P-256)", verifier("EC", 0, "SHA256withECDSA", message), seconds);
        report("EdDSA verify (Ed25519)", verifier("Ed25519", 0, "Ed25519", message), seconds);
        byte[] token = (signingInput + "." + "x".repeat(342)).getBytes(StandardCharsets.US_ASCII);
        report("SHA-256 of the whole token (a cache's key)", () -> MessageDigest.getInstance("SHA-256").digest(token).length > 0, seconds);
    }

    interface Check {
        boolean run() throws Exception;
    }

    private static Check verifier(String keyAlgorithm, int keySize, String signatureAlgorithm, byte[] message) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(keyAlgorithm);
        if (keyAlgorithm.equals("EC")) {
            generator.initialize(new ECGenParameterSpec("secp256r1"));
        } else if (keySize > 0) {
            generator.initialize(keySize);
        }
        KeyPair keys = generator.generateKeyPair();
        Signature signer = Signature.getInstance(signatureAlgorithm);
        signer.initSign(keys.getPrivate());
        signer.update(message);
        byte[] signature = signer.sign();
        return () -> {
            Signature verifier = Signature.getInstance(signatureAlgorithm);
            verifier.initVerify(keys.getPublic());
            verifier.update(message);
            return verifier.verify(signature);
        };
    }

    private static void report(String name, Check check, int seconds) throws Exception {
        for (long end = System.nanoTime() + 1_000_000_000L; System.nanoTime() < end;) {
            check.run();
        }
        long count = 0;
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            if (!check.run()) {
                throw new IllegalStateException(name + " failed");
            }
            count++;
        }
        System.out.printf("| %s | %.1f |%n", name, (System.nanoTime() - start) / 1000.0 / count);
    }
}
