-- Access tokens carry the account's token_version (claim "token_version"). A password change, a reset confirm
-- and logout-all raise it, and the per-request account check compares it, so every access token issued before
-- them fails on its next request. A counter rather than a time: a token's iat has whole seconds only, and one
-- issued in the same second as the change could not be told apart. Tokens issued before this migration carry
-- no claim and count as version 0, so nobody is signed out by the upgrade.
ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 0;

-- LoginThrottle's new scopes: an address and account together ("<address> <email>"), and registration and
-- password reset requests per address.
ALTER TABLE login_throttle ALTER COLUMN subject TYPE varchar(400);
ALTER TABLE login_throttle DROP CONSTRAINT ck_login_throttle_scope;
ALTER TABLE login_throttle ADD CONSTRAINT ck_login_throttle_scope CHECK (scope IN ('account', 'ip', 'ip_account', 'ip_request'));
COMMENT ON TABLE login_throttle IS 'Login attempts per account, per client address and per both, and account requests per address, in the current window; shared by all replicas.';
