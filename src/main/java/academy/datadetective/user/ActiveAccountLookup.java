package academy.datadetective.user;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import academy.datadetective.identity.ActiveAccounts;
import academy.datadetective.identity.Role;

/**
 * The per-request account check's read. Every authenticated request asks it, so it reads the one column it needs
 * in a single round trip: no entity, and no transaction of its own (BEGIN and COMMIT would double the round
 * trips); inside a caller's transaction it joins it.
 */
@ApplicationScoped
class ActiveAccountLookup implements ActiveAccounts {

    private final DataSource dataSource;

    ActiveAccountLookup(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<Role> activeRole(long id, int tokenVersion) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT role FROM users WHERE id = ? AND deactivated_at IS NULL AND token_version = ?")) {
            statement.setLong(1, id);
            statement.setInt(2, tokenVersion);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(Role.fromValue(row.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the account: " + e.getMessage(), e);
        }
    }
}
