package academy.datadetective.user;

import java.util.concurrent.atomic.AtomicInteger;

/** A hasher that counts the hashes it makes, for tests that show work was (not) done, installed with QuarkusMock. */
public final class CountingPasswordHasher extends PasswordHasher {

    private final AtomicInteger hashes = new AtomicInteger();

    public CountingPasswordHasher(UserConfig config) {
        super(config);
    }

    @Override
    public String hash(String password) {
        hashes.incrementAndGet();
        return super.hash(password);
    }

    public int hashes() {
        return hashes.get();
    }
}
