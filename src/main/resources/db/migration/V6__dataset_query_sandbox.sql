-- Teachers' datasets and the sandbox their expected queries run in (README "Datasets and custom
-- challenges"). The original kept dataset tables beside the application's and ran teachers' SQL as the
-- application, which let `SELECT email, password_hash FROM users` through. Here:
--   * dataset tables live in their own schema, academy_datasets;
--   * a teacher's query runs inside run_dataset_query, a SECURITY DEFINER function owned by the role
--     academy_dataset_reader. That role owns nothing else and has no privilege on any application table;
--     the service grants it SELECT on the one dataset table a query is for, inside a transaction that it
--     then makes read-only and always rolls back, so the grant never outlives the query;
--   * SECURITY DEFINER matters: inside such a function PostgreSQL refuses SET ROLE and set_config('role'),
--     so the query cannot switch back to the application's role, as it could after a plain SET ROLE.
-- Not IF NOT EXISTS: a restore migrates a scratch schema with these scripts too, and the notice that
-- the schema exists would reach the operator's output as a warning.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_namespace WHERE nspname = 'academy_datasets') THEN
        CREATE SCHEMA academy_datasets;
        COMMENT ON SCHEMA academy_datasets IS 'Teachers'' uploaded datasets, one table dataset_<id> per row of datasets.';
    END IF;
END
$$;

-- Roles belong to the whole cluster, not to this database: create it once, and only if this user may.
-- A user without CREATEROLE (a managed database's application user) needs a DBA to run the two
-- statements in the message once; the migration then succeeds.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'academy_dataset_reader') THEN
        BEGIN
            CREATE ROLE academy_dataset_reader NOLOGIN;
        EXCEPTION
            WHEN duplicate_object THEN NULL; -- another database's migration created it meanwhile
            WHEN insufficient_privilege THEN
                RAISE EXCEPTION 'The role academy_dataset_reader does not exist and % may not create it', current_user
                    USING HINT = format('As a superuser run: CREATE ROLE academy_dataset_reader NOLOGIN; GRANT academy_dataset_reader TO %I;', current_user);
        END;
    END IF;
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
            AND NOT pg_has_role(current_user, 'academy_dataset_reader', 'MEMBER') THEN
        BEGIN
            EXECUTE format('GRANT academy_dataset_reader TO %I', current_user);
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE EXCEPTION '% must be a member of academy_dataset_reader to give it the query function', current_user
                USING HINT = format('As a superuser run: GRANT academy_dataset_reader TO %I;', current_user);
        END;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA academy_datasets TO academy_dataset_reader;

-- At most max_rows rows of the query, as a JSON array of row objects in column order. The query is
-- placed as a subquery, so it must be one SELECT (or WITH … SELECT, or VALUES); anything else is a
-- syntax error, and would fail anyway in the read-only transaction as a role without write privileges.
-- pg_temp last in search_path, so that a temporary table cannot stand in for a dataset table.
CREATE FUNCTION run_dataset_query(query text, max_rows integer) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = academy_datasets, pg_temp AS $$
DECLARE
    rows json;
BEGIN
    EXECUTE format('SELECT coalesce(json_agg(row_to_json(r)), ''[]''::json) FROM (SELECT * FROM (%s) AS q LIMIT %s) AS r',
                   query, max_rows) INTO rows;
    RETURN rows;
END
$$;
-- Owning a function takes CREATE on its schema; the role keeps it only for the moment of the change.
DO $$
BEGIN
    EXECUTE format('GRANT CREATE ON SCHEMA %I TO academy_dataset_reader', current_schema());
    ALTER FUNCTION run_dataset_query(text, integer) OWNER TO academy_dataset_reader;
    EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM academy_dataset_reader', current_schema());
END
$$;
REVOKE ALL ON FUNCTION run_dataset_query(text, integer) FROM PUBLIC;
