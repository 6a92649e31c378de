-- Puts back V6's query function and the role's access to the dataset schema.
GRANT USAGE ON SCHEMA academy_datasets TO academy_dataset_reader;
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
