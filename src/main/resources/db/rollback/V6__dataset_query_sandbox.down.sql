-- Drops the teachers' dataset tables with their schema. The role academy_dataset_reader stays: it belongs
-- to the cluster and may serve other databases; a DBA drops it when none uses it.
DROP FUNCTION run_dataset_query(text, integer);
DROP SCHEMA academy_datasets CASCADE;
