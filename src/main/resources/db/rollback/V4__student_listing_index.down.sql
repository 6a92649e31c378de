DROP INDEX ix_users_role_name_id;
