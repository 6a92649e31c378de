-- Test only (FutureSchemaTest): stands for a migration a newer build applied before this one runs.
CREATE TABLE newer_feature (id integer);
