DROP TABLE job_runs;
DROP TABLE login_throttle;
ALTER TABLE users DROP COLUMN deactivated_at;
