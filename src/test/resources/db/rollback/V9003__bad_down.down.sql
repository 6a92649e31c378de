-- Test only (RollbackFailureTest): the drop must be undone when the error after it aborts the rollback.
-- 9003 is a version no real migration will use; this file is on the test classpath only.
DROP TABLE bad_down;
SELECT 1 / 0;
