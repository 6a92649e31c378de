-- A scheduled run is claimed by inserting its row: replicas whose cron fires seconds apart for the same
-- scheduled time find the claim taken and do not run the job again in turn (the nightly backup).
ALTER TABLE job_runs ADD COLUMN scheduled_for timestamptz NULL;
CREATE UNIQUE INDEX ux_job_runs_job_scheduled_for ON job_runs (job, scheduled_for) WHERE scheduled_for IS NOT NULL;
