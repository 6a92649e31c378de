-- Test only (DataMigrationExampleTest): the seed guide's data migration, users.status filled from last_login,
-- written the way a real one must be here. Expand first (a nullable column old code ignores), backfill in
-- set-based UPDATEs, then contract (NOT NULL, CHECK, DEFAULT for rows inserted by code unaware of the column).
-- On a large table the contract step goes into a later release, after the new code writes the column itself.
ALTER TABLE users ADD COLUMN status varchar(20) NULL;

UPDATE users SET status = 'deactivated' WHERE deactivated_at IS NOT NULL;
UPDATE users SET status = 'active' WHERE status IS NULL AND last_login IS NOT NULL;
UPDATE users SET status = 'inactive' WHERE status IS NULL;

ALTER TABLE users
    ALTER COLUMN status SET DEFAULT 'inactive',
    ALTER COLUMN status SET NOT NULL,
    ADD CONSTRAINT ck_users_status CHECK (status IN ('active', 'inactive', 'deactivated'));
