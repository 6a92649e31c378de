-- Test only (RollbackFailureTest): its down script in db/rollback fails after dropping this table.
CREATE TABLE bad_down (id integer);
INSERT INTO bad_down (id) VALUES (1);
