-- Test only (MigrationFailureTest): every kind of change a migration makes, then an error, to show
-- that none of them outlives the failure. 9000 is above every real version, so it always runs last.
CREATE TABLE failing_leftover (id integer PRIMARY KEY);
ALTER TABLE users ADD COLUMN failing_leftover text NULL;
CREATE INDEX ix_users_failing_leftover ON users (failing_leftover);
INSERT INTO users (email, name, role, password_hash) VALUES ('leftover@example.com', 'Leftover', 'student', 'x');
UPDATE users SET name = 'Overwritten by a failed migration';
SELECT 1 / 0;
