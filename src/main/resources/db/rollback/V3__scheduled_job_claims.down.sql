DROP INDEX ux_job_runs_job_scheduled_for;
ALTER TABLE job_runs DROP COLUMN scheduled_for;
