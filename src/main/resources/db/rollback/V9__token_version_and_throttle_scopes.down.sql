-- The new scopes' rows mean nothing to the previous version; an account's throttling starts over.
DELETE FROM login_throttle WHERE scope NOT IN ('account', 'ip');
ALTER TABLE login_throttle DROP CONSTRAINT ck_login_throttle_scope;
ALTER TABLE login_throttle ADD CONSTRAINT ck_login_throttle_scope CHECK (scope IN ('account', 'ip'));
ALTER TABLE login_throttle ALTER COLUMN subject TYPE varchar(320);
COMMENT ON TABLE login_throttle IS 'Failed logins per account and per client address in the current window, shared by all replicas.';
ALTER TABLE users DROP COLUMN token_version;
