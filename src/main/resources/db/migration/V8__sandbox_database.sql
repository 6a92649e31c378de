-- Teachers' queries no longer run in this database: they run in the sandbox database, on a pool of
-- their own, against a copy of their one dataset (README "Where teachers' SQL runs"). Here a query saw
-- the catalogue (every table, its statistics, other teachers' datasets) and shared the application's
-- connections with their prepared statements. The dataset tables stay here, in academy_datasets, where
-- backups and restores keep them; the query role keeps no privilege in this database.
DROP FUNCTION run_dataset_query(text, integer);
REVOKE USAGE ON SCHEMA academy_datasets FROM academy_dataset_reader;
