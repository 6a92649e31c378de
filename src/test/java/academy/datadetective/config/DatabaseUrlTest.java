package academy.datadetective.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void seedGuideFormMapsToJdbcUrlUserAndPassword() {
        DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL", "postgresql://academy:s3cret@db.example.com:5433/academy");
        assertEquals("jdbc:postgresql://db.example.com:5433/academy", url.jdbcUrl());
        assertEquals(Optional.of("academy"), url.username());
        assertEquals(Optional.of("s3cret"), url.password());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "postgres://u:p@host:5432/db                       | jdbc:postgresql://host:5432/db",
            "postgresql://u:p@localhost/dbname                  | jdbc:postgresql://localhost/dbname",
            "postgresql+psycopg2://u:p@host/db                  | jdbc:postgresql://host/db",
            "POSTGRESQL://u:p@host/db                           | jdbc:postgresql://host/db",
            "postgresql://u:p@host:5432/db?sslmode=require      | jdbc:postgresql://host:5432/db?sslmode=require",
            "postgresql://host/db?sslmode=verify-full&application_name=api&connect_timeout=7 | jdbc:postgresql://host/db?sslmode=verify-full&ApplicationName=api&connectTimeout=7",
            "postgresql://u@[::1]:5432/db                       | jdbc:postgresql://[::1]:5432/db",
            "postgresql://u:p@h1:5432,h2:5433/db?target_session_attrs=primary | jdbc:postgresql://h1:5432,h2:5433/db?targetServerType=primary",
            "postgresql://u:p@host/my%20db                      | jdbc:postgresql://host/my%20db",
            "'  postgresql://u:p@host/db  '                     | jdbc:postgresql://host/db",
    })
    void everyDocumentedFormMapsToJdbc(String value, String jdbcUrl) {
        assertEquals(jdbcUrl, DatabaseUrl.parse("DATABASE_URL", value).jdbcUrl());
    }

    @Test
    void percentEncodedPasswordIsDecoded() {
        DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL", "postgresql://user:p%40ss%3Aw%2Fo+rd%25@host/db");
        assertEquals(Optional.of("p@ss:w/o+rd%"), url.password());
        assertEquals("jdbc:postgresql://host/db", url.jdbcUrl());
    }

    @Test
    void unencodedAtSignInPasswordStillFindsTheHost() {
        DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL", "postgresql://user:p@ss@host:5432/db");
        assertEquals(Optional.of("p@ss"), url.password());
        assertEquals("jdbc:postgresql://host:5432/db", url.jdbcUrl());
    }

    @Test
    void credentialsMayBeMissingOrGivenAsQueryParameters() {
        DatabaseUrl none = DatabaseUrl.parse("DATABASE_URL", "postgresql://host/db");
        assertEquals(Optional.empty(), none.username());
        assertEquals(Optional.empty(), none.password());

        DatabaseUrl userOnly = DatabaseUrl.parse("DATABASE_URL", "postgresql://academy@host/db");
        assertEquals(Optional.of("academy"), userOnly.username());
        assertEquals(Optional.empty(), userOnly.password());

        DatabaseUrl emptyPassword = DatabaseUrl.parse("DATABASE_URL", "postgresql://academy:@host/db");
        assertEquals(Optional.of(""), emptyPassword.password());

        DatabaseUrl query = DatabaseUrl.parse("DATABASE_URL", "postgresql://host/db?user=academy&password=s%26cret&sslmode=require");
        assertEquals(Optional.of("academy"), query.username());
        assertEquals(Optional.of("s&cret"), query.password());
        assertEquals("jdbc:postgresql://host/db?sslmode=require", query.jdbcUrl());
    }

    @Test
    void toStringHidesThePassword() {
        assertFalse(DatabaseUrl.parse("DATABASE_URL", "postgresql://u:s3cret@host/db").toString().contains("s3cret"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                                          | is empty",
            "'   '                                       | is empty",
            "host:5432/db                                | is not a URL",
            "mysql://u:s3cret@host/db                    | has scheme 'mysql'",
            "sqlite:///./data_detective_academy.db       | has scheme 'sqlite'",
            "postgresql://u:s3cret@host:5432             | has no database name",
            "postgresql://u:s3cret@host:5432/            | has no database name",
            "postgresql://u:s3cret@/db                   | has no host",
            "postgresql://u:s3cret@:5432/db              | has no host",
            "postgresql://u:s3cret@host:notaport/db      | has an invalid port",
            "postgresql://u:s3cret@host:70000/db         | has an invalid port",
            "postgresql://u:s3cret@host:0/db             | has an invalid port",
            "postgresql://u:s3cret%zz@host/db            | invalid percent-encoding in the password",
            "postgresql://u:s3cret@[::1/db               | IPv6 host without its closing",
            "postgresql://u:s3cret@host/db?host=other    | sets 'host' as a query parameter",
            "postgresql://u:s3cret@ho st/db              | characters a host name cannot contain",
    })
    void malformedUrlsAreRejectedWithTheVariableAndProblemButNeverThePassword(String value, String problem) {
        InvalidDatabaseUrlException error = assertThrows(InvalidDatabaseUrlException.class,
                () -> DatabaseUrl.parse("DATABASE_URL", value));
        assertTrue(error.getMessage().startsWith("DATABASE_URL "), error.getMessage());
        assertTrue(error.getMessage().contains(problem), error.getMessage());
        assertFalse(error.getMessage().contains("s3cret"), error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "postgresql://user:s3cret/host/db",
            "postgresql://user:s3cret",
            "postgres://s3cret",
    })
    void aPasswordInTheWrongPlaceIsNeverEchoed(String value) {
        InvalidDatabaseUrlException error = assertThrows(InvalidDatabaseUrlException.class,
                () -> DatabaseUrl.parse("TEST_DATABASE_URL", value));
        assertTrue(error.getMessage().startsWith("TEST_DATABASE_URL "), error.getMessage());
        assertFalse(error.getMessage().contains("s3cret"), error.getMessage());
    }
}
