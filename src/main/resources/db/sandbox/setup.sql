-- The sandbox database, where teachers' expected queries run (README "Where teachers' SQL runs").
-- It keeps no data: each query copies its one dataset table into a temporary table of its own
-- transaction, which is rolled back. So nothing here names the application, its tables or its
-- statistics, and a query cannot see another teacher's table: an uncommitted table is invisible to
-- every other transaction, catalogue included. Run by the service whenever it first needs the sandbox;
-- every statement may run again.

SELECT pg_advisory_xact_lock(hashtext('academy:sandbox-setup'));

-- Roles belong to the cluster. A user without CREATEROLE needs a DBA to run the statements in the hint once.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'academy_dataset_reader') THEN
        BEGIN
            CREATE ROLE academy_dataset_reader NOLOGIN;
        EXCEPTION
            WHEN duplicate_object THEN NULL;
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
    -- Only the service (the database's owner) connects and creates the temporary tables.
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
END
$$;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- A sort or join can spill to temporary files faster than the statement timeout ends it. Only a
-- superuser may bound that; other installations have a DBA run this statement once.
DO $$
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        EXECUTE format('ALTER DATABASE %I SET temp_file_limit = %L', current_database(), '256MB');
    END IF;
END
$$;

-- The query's rows as JSON texts, read through a cursor: PostgreSQL opens a cursor on exactly one
-- SELECT (or VALUES, TABLE, WITH … SELECT), and refuses a second statement, DO, PREPARE, SET and
-- every other command. The limits are checked row by row, so no more than max_bytes of output is
-- ever held. SECURITY DEFINER runs the query as academy_dataset_reader, and inside such a function
-- PostgreSQL refuses SET ROLE and set_config('role'). search_path holds only this session's
-- temporary schema (pg_catalog is always searched first), where the dataset's copy lies.
CREATE OR REPLACE FUNCTION public.run_dataset_query(query text, max_rows integer, max_bytes bigint) RETURNS SETOF text
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_temp AS $$
DECLARE
    output refcursor;
    next_row record;
    next_json text;
    rows_read integer := 0;
    bytes_read bigint := 0;
BEGIN
    OPEN output NO SCROLL FOR EXECUTE query;
    LOOP
        FETCH output INTO next_row;
        EXIT WHEN NOT FOUND;
        rows_read := rows_read + 1;
        IF rows_read > max_rows THEN
            RAISE EXCEPTION 'its output has more than % rows', max_rows USING ERRCODE = 'DDQ01';
        END IF;
        next_json := row_to_json(next_row)::text;
        bytes_read := bytes_read + octet_length(next_json);
        IF bytes_read > max_bytes THEN
            RAISE EXCEPTION 'its output is larger than % bytes', max_bytes USING ERRCODE = 'DDQ01';
        END IF;
        RETURN NEXT next_json;
    END LOOP;
    CLOSE output;
END
$$;
-- Owning a function takes CREATE on its schema; the role keeps it only for the moment of the change.
GRANT CREATE ON SCHEMA public TO academy_dataset_reader;
ALTER FUNCTION public.run_dataset_query(text, integer, bigint) OWNER TO academy_dataset_reader;
REVOKE CREATE ON SCHEMA public FROM academy_dataset_reader;
REVOKE ALL ON FUNCTION public.run_dataset_query(text, integer, bigint) FROM PUBLIC;
