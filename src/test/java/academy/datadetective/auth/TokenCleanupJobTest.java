package academy.datadetective.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class TokenCleanupJobTest {

    @Inject
    TokenCleanupJob job;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    EntityManager entityManager;

    private static RefreshToken refreshToken(long userId, Instant expiresAt, Instant revokedAt) {
        RefreshToken token = new RefreshToken();
        token.tokenHash = OpaqueTokens.hash(OpaqueTokens.newToken());
        token.familyId = UUID.randomUUID();
        token.userId = userId;
        token.expiresAt = expiresAt;
        token.revokedAt = revokedAt;
        token.persist();
        return token;
    }

    private long lastRuns(String outcome) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM job_runs WHERE job = :job AND outcome = :outcome")
                .setParameter("job", TokenCleanupJob.JOB).setParameter("outcome", outcome).getSingleResult()).longValue());
    }

    @Test
    void removesTokensThatCanServeNothingAndRecordsTheRun() {
        Accounts.Account account = Accounts.register("student");
        Instant now = Instant.now();
        long[] ids = QuarkusTransaction.requiringNew().call(() -> new long[] {
                refreshToken(account.id(), now.minus(Duration.ofMinutes(1)), null).id,
                refreshToken(account.id(), now.plus(Duration.ofDays(1)), now.minus(Duration.ofDays(2))).id,
                refreshToken(account.id(), now.plus(Duration.ofDays(1)), now.minus(Duration.ofMinutes(5))).id,
                refreshToken(account.id(), now.plus(Duration.ofDays(1)), null).id });
        long succeededBefore = lastRuns("succeeded");

        assertTrue(job.run());

        QuarkusTransaction.requiringNew().run(() -> {
            assertEquals(null, RefreshToken.findById(ids[0]), "expired");
            assertEquals(null, RefreshToken.findById(ids[1]), "revoked more than a day ago");
            assertTrue(RefreshToken.findById(ids[2]) != null, "recently revoked: kept to answer 'revoked'");
            assertTrue(RefreshToken.findById(ids[3]) != null, "live");
        });
        assertEquals(succeededBefore + 1, lastRuns("succeeded"));
    }

    @Test
    void skipsAndRecordsTheSkipWhileAnotherReplicaHoldsTheLock() throws Exception {
        long skippedBefore = lastRuns("skipped");
        try (Connection otherReplica = dataSource.getConnection();
                PreparedStatement lock = otherReplica.prepareStatement("SELECT pg_advisory_lock(hashtext(?))");
                PreparedStatement unlock = otherReplica.prepareStatement("SELECT pg_advisory_unlock(hashtext(?))")) {
            lock.setString(1, "academy:" + TokenCleanupJob.JOB);
            lock.execute();
            try {
                assertFalse(job.run());
            } finally {
                unlock.setString(1, "academy:" + TokenCleanupJob.JOB);
                unlock.execute();
            }
        }
        assertEquals(skippedBefore + 1, lastRuns("skipped"));
    }
}
