-- The column is derived from last_login and deactivated_at, which stay; dropping it loses nothing.
ALTER TABLE users DROP COLUMN status;
