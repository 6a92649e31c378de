package academy.datadetective.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.SecretKey;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/** What the cache keeps and for how long; the real verification is AuthResourceTest's, through the API. */
class VerifiedTokenCacheTest {

    /** Tokens the parser accepts, with the expiry (epoch seconds) of each; it counts its work. */
    private static final class CountingParser implements JWTParser {

        final Map<String, Long> accepted = new HashMap<>();
        final AtomicInteger parses = new AtomicInteger();

        @Override
        public JsonWebToken parse(String token) throws ParseException {
            parses.incrementAndGet();
            Long expiresAt = accepted.get(token);
            if (expiresAt == null) {
                throw new ParseException("bad signature");
            }
            JwtClaims claims = new JwtClaims();
            claims.setSubject("42");
            claims.setExpirationTime(NumericDate.fromSeconds(expiresAt));
            claims.setStringListClaim("groups", "student");
            return new DefaultJWTCallerPrincipal(token, "JWT", claims);
        }

        @Override
        public JsonWebToken parse(String token, JWTAuthContextInfo context) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken verify(String token, PublicKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken verify(String token, SecretKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken verify(String token, String secret) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken decrypt(String token, PrivateKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken decrypt(String token, SecretKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken decrypt(String token, String secret) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken parseOnly(String token) {
            throw new UnsupportedOperationException();
        }
    }

    private final CountingParser parser = new CountingParser();

    private VerifiedTokenCache cache(int size) {
        return new VerifiedTokenCache(parser, () -> size, new SimpleMeterRegistry());
    }

    private static SecurityIdentity authenticate(VerifiedTokenCache cache, String token) {
        return cache.authenticate(new TokenAuthenticationRequest(new TokenCredential(token, "bearer")), null).await().indefinitely();
    }

    private static long inMinutes(int minutes) {
        return System.currentTimeMillis() / 1000 + minutes * 60L;
    }

    @Test
    void aValidTokenIsVerifiedOnceAndServedAsTheSameIdentity() {
        parser.accepted.put("good", inMinutes(15));
        parser.accepted.put("other", inMinutes(15));
        VerifiedTokenCache cache = cache(100);

        SecurityIdentity first = authenticate(cache, "good");
        SecurityIdentity second = authenticate(cache, "good");
        authenticate(cache, "other");

        assertEquals(2, parser.parses.get());
        assertSame(first.getPrincipal(), second.getPrincipal());
        assertEquals("42", ((JsonWebToken) second.getPrincipal()).getSubject());
        assertEquals(Set.of("student"), second.getRoles());
        assertInstanceOf(TokenCredential.class, second.getCredentials().iterator().next());
    }

    @Test
    void failuresAreNeverRemembered() {
        VerifiedTokenCache cache = cache(100);
        for (int i = 0; i < 3; i++) {
            assertThrows(AuthenticationFailedException.class, () -> authenticate(cache, "forged"));
        }
        assertEquals(3, parser.parses.get());
    }

    @Test
    void aTokenPastItsExpiryIsNotKeptEvenWhenTheParserStillAcceptsIt() {
        // The parser allows some clock skew after exp; the cache allows none.
        parser.accepted.put("expired a second ago", System.currentTimeMillis() / 1000 - 1);
        VerifiedTokenCache cache = cache(100);

        authenticate(cache, "expired a second ago");
        authenticate(cache, "expired a second ago");

        assertEquals(2, parser.parses.get());
    }

    @Test
    void sizeZeroVerifiesEveryRequest() {
        parser.accepted.put("good", inMinutes(15));
        VerifiedTokenCache cache = cache(0);

        authenticate(cache, "good");
        authenticate(cache, "good");

        assertEquals(2, parser.parses.get());
    }
}
