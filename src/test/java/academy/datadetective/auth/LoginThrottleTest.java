package academy.datadetective.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;

import academy.datadetective.health.ManagementInterface;

/** Each test sends from its own X-Forwarded-For addresses (the test client is the trusted proxy), so counts stay its own. */
@QuarkusTest
@TestProfile(LoginThrottleTest.StrictLimits.class)
class LoginThrottleTest {

    /**
     * Low limits, a window longer than the account's backoff cap, the prod default for teacher registration, and a
     * bcrypt cost above the imports' (4). Shared by the auth tests that need any of these, to boot once.
     */
    public static class StrictLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("academy.auth.throttle.max-failures-per-ip", "6",
                    "academy.auth.throttle.window", "PT1M",
                    "academy.auth.throttle.account-backoff", "PT1S",
                    "academy.auth.throttle.account-backoff-max", "PT2S",
                    "academy.auth.throttle.max-account-requests-per-ip", "5",
                    "PROXY_ADDRESS_FORWARDING", "true",
                    "TRUSTED_PROXIES", "127.0.0.1,::1",
                    "academy.auth.registration-teacher-allowed", "false",
                    "academy.user.bcrypt-cost", "5");
        }
    }

    private static final Duration BACKOFF_MAX = Duration.ofSeconds(2);

    private static Response login(String from, String email, String password) {
        return given().contentType("application/json").header("X-Forwarded-For", from)
                .body(Map.of("email", email, "password", password))
                .when().post("/auth/login");
    }

    private static long retryAfter(Response response) {
        return Long.parseLong(response.then().statusCode(429).contentType(startsWith("application/problem+json"))
                .extract().header("Retry-After"));
    }

    @Test
    void guessingAcrossAccountsFromOneAddressIsThrottled() {
        String address = Accounts.freshAddress();
        Accounts.Account victim = Accounts.registerFrom(Accounts.freshAddress(), "student");
        for (int i = 0; i < 6; i++) {
            login(address, Accounts.uniqueEmail("guess"), "guess " + i).then().statusCode(401);
        }
        // Even the right password waits: the address, not the account, is blocked.
        retryAfter(login(address, victim.email(), Accounts.PASSWORD));
        login(Accounts.freshAddress(), victim.email(), Accounts.PASSWORD).then().statusCode(200);
    }

    @Test
    void everyRefusedLoginIsCountedByItsReasonAndNamesNobody() {
        Accounts.Account account = Accounts.registerFrom(Accounts.freshAddress(), "student");
        String address = Accounts.freshAddress();
        double wrongPassword = refusedLogins("wrong_password");
        double unknownAccount = refusedLogins("unknown_account");
        double throttled = refusedLogins("throttled");

        login(address, account.email(), "not the password").then().statusCode(401);
        login(address, Accounts.uniqueEmail("ghost"), "any password").then().statusCode(401);
        login(address, account.email(), Accounts.PASSWORD).then().statusCode(200);
        assertEquals(wrongPassword + 1, refusedLogins("wrong_password"));
        assertEquals(unknownAccount + 1, refusedLogins("unknown_account"));
        assertEquals(throttled, refusedLogins("throttled"), "a success is no failure");

        // Past the limit for one account from one address (5): refused with 429 before any password is checked.
        String guesser = Accounts.freshAddress();
        for (int i = 0; i < 5; i++) {
            login(guesser, account.email(), "guess " + i).then().statusCode(401);
        }
        retryAfter(login(guesser, account.email(), Accounts.PASSWORD));
        assertEquals(wrongPassword + 6, refusedLogins("wrong_password"));
        assertEquals(throttled + 1, refusedLogins("throttled"));

        String metrics = ManagementInterface.metrics();
        assertFalse(metrics.contains(account.email()) || metrics.contains(guesser), "the metrics name an account or an address");
    }

    private static double refusedLogins(String reason) {
        return ManagementInterface.metric("academy_auth_login_failures_total{reason=\"" + reason + "\"");
    }

    @Test
    void aStrangersFailuresKeepTheOwnerOutForTheShortBackoffOnly() {
        Accounts.Account owner = Accounts.registerFrom(Accounts.freshAddress(), "student");
        String stranger = Accounts.freshAddress();
        for (int i = 0; i < 5; i++) {
            login(stranger, owner.email(), "wrong " + i).then().statusCode(401);
        }
        // The stranger waits for the rest of the window, even with the right password...
        long strangerWaits = retryAfter(login(stranger, owner.email(), Accounts.PASSWORD));
        assertTrue(strangerWaits > BACKOFF_MAX.toSeconds(), "stranger's Retry-After " + strangerWaits);

        // ...the owner, from their own address, only for the account's backoff, never the window.
        String home = Accounts.freshAddress();
        Response first = login(home, owner.email(), Accounts.PASSWORD);
        if (first.statusCode() != 200) {
            long ownerWaits = retryAfter(first);
            assertTrue(ownerWaits <= BACKOFF_MAX.toSeconds(), "owner's Retry-After " + ownerWaits);
            awaitLogin(home, owner, Duration.ofSeconds(15));
        }
        // Still refused for the stranger: the owner's success does not free the stranger's address for this account.
        retryAfter(login(stranger, owner.email(), Accounts.PASSWORD));
    }

    @Test
    void parallelWrongPasswordsCannotGetPastTheAccountLimit() throws Exception {
        Accounts.Account account = Accounts.registerFrom(Accounts.freshAddress(), "student");
        List<Integer> statuses = atOnce(20, i -> login(Accounts.freshAddress(), account.email(), "parallel guess " + i));
        long checked = statuses.stream().filter(status -> status == 401).count();
        assertEquals(statuses.size(), checked + statuses.stream().filter(status -> status == 429).count(), statuses.toString());
        // Every attempt is counted before its hash: no more than the limit (5) of them ever reach bcrypt.
        assertTrue(checked >= 1 && checked <= 5, statuses.toString());
    }

    @Test
    void aDoubleClickedLoginSucceedsTwice() throws Exception {
        Accounts.Account account = Accounts.registerFrom(Accounts.freshAddress(), "student");
        String address = Accounts.freshAddress();
        // A success gives its attempt back while another attempt for the same rows is counted: neither deadlocks.
        for (int round = 0; round < 5; round++) {
            assertEquals(List.of(200, 200), atOnce(2, i -> login(address, account.email(), Accounts.PASSWORD)));
        }
    }

    @Test
    void forwardedForFromAnUntrustedPeerIsIgnored() throws IOException {
        // 127.0.0.2 is not a trusted proxy: its X-Forwarded-For is ignored and its own address is what counts,
        // so inventing a new address for each guess does not escape the per-address limit (6).
        for (int i = 0; i < 6; i++) {
            assertEquals(401, loginFromUntrustedPeer(Accounts.freshAddress(), Accounts.uniqueEmail("guess"), "guess " + i));
        }
        assertEquals(429, loginFromUntrustedPeer(Accounts.freshAddress(), Accounts.uniqueEmail("guess"), "guess"));
    }

    @Test
    void registrationsAndResetRequestsAreThrottledPerAddress() {
        String address = Accounts.freshAddress();
        for (int i = 0; i < 5; i++) {
            given().contentType("application/json").header("X-Forwarded-For", address)
                    .body(Map.of("email", Accounts.uniqueEmail("someone")))
                    .when().post("/auth/password-reset-request").then().statusCode(200);
        }
        retryAfter(given().contentType("application/json").header("X-Forwarded-For", address)
                .body(Map.of("email", Accounts.uniqueEmail("someone")))
                .when().post("/auth/password-reset-request"));
        retryAfter(given().contentType("application/json").header("X-Forwarded-For", address)
                .body(Map.of("reset_token", "made-up", "new_password", "whatever123"))
                .when().post("/auth/password-reset-confirm"));
        retryAfter(given().contentType("application/json").header("X-Forwarded-For", address)
                .body(Map.of("email", Accounts.uniqueEmail("new"), "name", "New", "password", Accounts.PASSWORD, "role", "student"))
                .when().post("/auth/register"));
        Accounts.registerFrom(Accounts.freshAddress(), "student");
    }

    /** Sends the attempts together, released at once, and returns their statuses in order. */
    private static List<Integer> atOnce(int attempts, IntFunction<Response> attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                int number = i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return attempt.apply(number).statusCode();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitLogin(String from, Accounts.Account account, Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        while (login(from, account.email(), Accounts.PASSWORD).statusCode() != 200) {
            assertTrue(Instant.now().isBefore(deadline), "the owner was still refused after " + limit);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** A login over a connection from 127.0.0.2, which the profile does not trust (RestAssured cannot choose its source). */
    private static int loginFromUntrustedPeer(String forwardedFor, String email, String password) throws IOException {
        byte[] body = ("{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), RestAssured.port), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nX-Forwarded-For: "
                    + forwardedFor + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }
}
