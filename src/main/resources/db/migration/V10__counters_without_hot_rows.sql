-- Submissions without a hot row (issue 21). V7 kept one counter row per challenge and per week (and
-- points_distribution one per total): every submission to a challenge updated the same row, and concurrent
-- submissions queued on it until each committed (1,045 req/s at 64 connections, bench/README.md).
--
-- Now each database session adds to counter rows of its own: the slot is pg_backend_pid(), and a session runs
-- one transaction at a time, so no two transactions ever wait for each other's counter rows. Reads sum the
-- slots through views with V7's names and columns. fold_counter_slots() moves the slots into slot 0 (run by
-- progress.CounterFolding, one replica at a time); it takes the slot rows with SKIP LOCKED, so it never
-- waits for a transaction that is counting, and it alone writes slot 0. A transaction may wait for the
-- fold, the fold waits for no transaction: no cycle of waits, so no deadlock, can form.
--
-- challenge_attempters keeps who attempted a challenge, no longer how often: a resubmission finds its
-- pair and changes nothing there. A pair goes when the user's last attempt at it goes; attempts are only
-- deleted with their user (whose row a concurrent insert's foreign key check locks) or by a restore.

CREATE TABLE challenge_stat_slots (
    unit_id          integer NOT NULL,
    challenge_id     integer NOT NULL,
    slot             integer NOT NULL,
    attempts         bigint  NOT NULL DEFAULT 0,
    correct_attempts bigint  NOT NULL DEFAULT 0,
    attempters       bigint  NOT NULL DEFAULT 0,
    completions      bigint  NOT NULL DEFAULT 0,
    hints            bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, challenge_id, slot)
);
COMMENT ON TABLE challenge_stat_slots IS 'Derived from attempts, progress and hints by triggers: per built-in challenge counts, one row per session slot (a slot may be negative); challenge_stats sums them.';
INSERT INTO challenge_stat_slots (unit_id, challenge_id, slot, attempts, correct_attempts, attempters, completions, hints)
SELECT unit_id, challenge_id, 0, attempts, correct_attempts, attempters, completions, hints FROM challenge_stats;
DROP TABLE challenge_stats;
CREATE VIEW challenge_stats AS
SELECT unit_id, challenge_id, CAST(sum(attempts) AS bigint) AS attempts, CAST(sum(correct_attempts) AS bigint) AS correct_attempts,
       CAST(sum(attempters) AS bigint) AS attempters, CAST(sum(completions) AS bigint) AS completions, CAST(sum(hints) AS bigint) AS hints
FROM challenge_stat_slots GROUP BY unit_id, challenge_id
HAVING sum(attempts) <> 0 OR sum(completions) <> 0 OR sum(hints) <> 0;

CREATE TABLE custom_challenge_stat_slots (
    custom_challenge_id bigint  NOT NULL,
    slot                integer NOT NULL,
    attempts            bigint  NOT NULL DEFAULT 0,
    correct_attempts    bigint  NOT NULL DEFAULT 0,
    completions         bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (custom_challenge_id, slot)
);
COMMENT ON TABLE custom_challenge_stat_slots IS 'Derived from attempts and progress by triggers: per custom challenge counts, one row per session slot; custom_challenge_stats sums them.';
INSERT INTO custom_challenge_stat_slots (custom_challenge_id, slot, attempts, correct_attempts, completions)
SELECT custom_challenge_id, 0, attempts, correct_attempts, completions FROM custom_challenge_stats;
DROP TABLE custom_challenge_stats;
CREATE VIEW custom_challenge_stats AS
SELECT custom_challenge_id, CAST(sum(attempts) AS bigint) AS attempts, CAST(sum(correct_attempts) AS bigint) AS correct_attempts,
       CAST(sum(completions) AS bigint) AS completions
FROM custom_challenge_stat_slots GROUP BY custom_challenge_id
HAVING sum(attempts) <> 0 OR sum(completions) <> 0;

CREATE TABLE week_stat_slots (
    week         date    NOT NULL,
    slot         integer NOT NULL,
    completions  bigint  NOT NULL DEFAULT 0,
    points       bigint  NOT NULL DEFAULT 0,
    active_users bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (week, slot)
);
COMMENT ON TABLE week_stat_slots IS 'Derived from progress by triggers: completions, points and distinct users per UTC week, one row per session slot; week_stats sums them.';
INSERT INTO week_stat_slots (week, slot, completions, points, active_users)
SELECT week, 0, completions, points, active_users FROM week_stats;
DROP TABLE week_stats;
CREATE VIEW week_stats AS
SELECT week, CAST(sum(completions) AS bigint) AS completions, CAST(sum(points) AS bigint) AS points,
       CAST(sum(active_users) AS bigint) AS active_users
FROM week_stat_slots GROUP BY week
HAVING sum(completions) <> 0;

CREATE TABLE points_distribution_slots (
    total_points bigint  NOT NULL,
    slot         integer NOT NULL,
    users        bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (total_points, slot)
);
COMMENT ON TABLE points_distribution_slots IS 'Derived from user_points by triggers: how many users have each total, one row per session slot; points_distribution sums them.';
INSERT INTO points_distribution_slots (total_points, slot, users) SELECT total_points, 0, users FROM points_distribution;
DROP TABLE points_distribution;
CREATE VIEW points_distribution AS
SELECT total_points, CAST(sum(users) AS bigint) AS users FROM points_distribution_slots GROUP BY total_points HAVING sum(users) <> 0;

ALTER TABLE challenge_attempters DROP COLUMN attempts;
COMMENT ON TABLE challenge_attempters IS 'Derived from attempts by triggers: the users who attempted each built-in challenge, for the distinct attempters.';

-- TG_ARGV[0] is 'in' (rows added: counted up) or 'out' (rows removed: counted down), as in V7.
CREATE OR REPLACE FUNCTION attempts_stats_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    direction integer := CASE WHEN TG_ARGV[0] = 'in' THEN 1 ELSE -1 END;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM challenge_attempters;
        UPDATE challenge_stat_slots SET attempts = 0, correct_attempts = 0, attempters = 0;
        UPDATE custom_challenge_stat_slots SET attempts = 0, correct_attempts = 0;
        RETURN NULL;
    END IF;
    WITH pairs AS (SELECT DISTINCT unit_id, challenge_id, user_id FROM changed WHERE unit_id IS NOT NULL),
    -- a pair that this statement inserts had no attempt before; a concurrent first attempt at the same pair
    -- waits for this insert and then finds the pair
    added AS (
        INSERT INTO challenge_attempters (unit_id, challenge_id, user_id)
        SELECT unit_id, challenge_id, user_id FROM pairs WHERE direction = 1 ORDER BY 1, 2, 3
        ON CONFLICT DO NOTHING
        RETURNING unit_id, challenge_id),
    removed AS (
        DELETE FROM challenge_attempters p USING pairs c
        WHERE direction = -1 AND (p.unit_id, p.challenge_id, p.user_id) = (c.unit_id, c.challenge_id, c.user_id)
          AND NOT EXISTS (SELECT 1 FROM attempts a WHERE (a.unit_id, a.challenge_id, a.user_id) = (p.unit_id, p.challenge_id, p.user_id))
        RETURNING p.unit_id, p.challenge_id),
    attempters AS (
        SELECT unit_id, challenge_id, direction * count(*) AS attempters
        FROM (SELECT * FROM added UNION ALL SELECT * FROM removed) a GROUP BY 1, 2)
    INSERT INTO challenge_stat_slots AS s (unit_id, challenge_id, slot, attempts, correct_attempts, attempters)
    SELECT c.unit_id, c.challenge_id, pg_backend_pid(), direction * c.attempts, direction * c.correct_attempts, coalesce(a.attempters, 0)
    FROM (SELECT unit_id, challenge_id, count(*) AS attempts, count(*) FILTER (WHERE is_correct) AS correct_attempts
          FROM changed WHERE unit_id IS NOT NULL GROUP BY 1, 2) c
    LEFT JOIN attempters a USING (unit_id, challenge_id)
    ORDER BY 1, 2
    ON CONFLICT (unit_id, challenge_id, slot) DO UPDATE
    SET attempts = s.attempts + excluded.attempts, correct_attempts = s.correct_attempts + excluded.correct_attempts,
        attempters = s.attempters + excluded.attempters;

    INSERT INTO custom_challenge_stat_slots AS s (custom_challenge_id, slot, attempts, correct_attempts)
    SELECT custom_challenge_id, pg_backend_pid(), direction * count(*), direction * count(*) FILTER (WHERE is_correct)
    FROM changed WHERE custom_challenge_id IS NOT NULL GROUP BY custom_challenge_id ORDER BY 1
    ON CONFLICT (custom_challenge_id, slot) DO UPDATE
    SET attempts = s.attempts + excluded.attempts, correct_attempts = s.correct_attempts + excluded.correct_attempts;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION progress_stats_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    direction integer := CASE WHEN TG_ARGV[0] = 'in' THEN 1 ELSE -1 END;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        UPDATE challenge_stat_slots SET completions = 0;
        UPDATE custom_challenge_stat_slots SET completions = 0;
        DELETE FROM user_weeks;
        DELETE FROM week_stat_slots;
        RETURN NULL;
    END IF;
    -- progress is unique per user and built-in challenge, so completions are also the distinct completers
    INSERT INTO challenge_stat_slots AS s (unit_id, challenge_id, slot, completions)
    SELECT unit_id, challenge_id, pg_backend_pid(), direction * count(*) FROM changed WHERE unit_id IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (unit_id, challenge_id, slot) DO UPDATE SET completions = s.completions + excluded.completions;

    INSERT INTO custom_challenge_stat_slots AS s (custom_challenge_id, slot, completions)
    SELECT custom_challenge_id, pg_backend_pid(), direction * count(*) FROM changed WHERE custom_challenge_id IS NOT NULL
    GROUP BY custom_challenge_id ORDER BY 1
    ON CONFLICT (custom_challenge_id, slot) DO UPDATE SET completions = s.completions + excluded.completions;

    -- user_weeks is per user, so not a row that every submission shares; it tells the week's new and gone users
    WITH pair_change AS (
        SELECT CAST(date_trunc('week', completed_at AT TIME ZONE 'UTC') AS date) AS week, user_id,
               count(*) AS completions, sum(points_earned) AS points
        FROM changed GROUP BY 1, 2),
    counted_up AS (
        INSERT INTO user_weeks AS w (week, user_id, completions)
        SELECT week, user_id, completions FROM pair_change WHERE direction = 1 ORDER BY 1, 2
        ON CONFLICT (week, user_id) DO UPDATE SET completions = w.completions + excluded.completions
        RETURNING w.week, w.user_id, w.completions),
    counted_down AS (
        UPDATE user_weeks w SET completions = w.completions - c.completions
        FROM pair_change c WHERE direction = -1 AND (w.week, w.user_id) = (c.week, c.user_id)
        RETURNING w.week, w.user_id, w.completions),
    pair AS (SELECT * FROM counted_up UNION ALL SELECT * FROM counted_down)
    INSERT INTO week_stat_slots AS s (week, slot, completions, points, active_users)
    SELECT c.week, pg_backend_pid(), direction * sum(c.completions), direction * sum(c.points),
           CASE WHEN direction = 1 THEN count(*) FILTER (WHERE p.completions = c.completions)
                ELSE -count(*) FILTER (WHERE p.completions = 0) END
    FROM pair_change c JOIN pair p USING (week, user_id) GROUP BY c.week ORDER BY 1
    ON CONFLICT (week, slot) DO UPDATE
    SET completions = s.completions + excluded.completions, points = s.points + excluded.points,
        active_users = s.active_users + excluded.active_users;

    IF direction = -1 THEN
        DELETE FROM user_weeks w USING changed c
        WHERE (w.week, w.user_id) = (CAST(date_trunc('week', c.completed_at AT TIME ZONE 'UTC') AS date), c.user_id)
          AND w.completions = 0;
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION hints_stats_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        UPDATE challenge_stat_slots SET hints = 0;
        RETURN NULL;
    END IF;
    INSERT INTO challenge_stat_slots AS s (unit_id, challenge_id, slot, hints)
    SELECT unit_id, challenge_id, pg_backend_pid(), CASE WHEN TG_ARGV[0] = 'in' THEN 1 ELSE -1 END * count(*)
    FROM changed WHERE unit_id IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (unit_id, challenge_id, slot) DO UPDATE SET hints = s.hints + excluded.hints;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION user_points_derived_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM points_distribution_slots;
        UPDATE users_by_points SET total_points = 0 WHERE total_points <> 0;
        RETURN NULL;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO points_distribution_slots AS d (total_points, slot, users)
        SELECT total_points, pg_backend_pid(), count(*) FROM added GROUP BY total_points ORDER BY 1
        ON CONFLICT (total_points, slot) DO UPDATE SET users = d.users + excluded.users;
        UPDATE users_by_points t SET total_points = a.total_points
        FROM added a WHERE t.user_id = a.user_id AND t.total_points <> a.total_points;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        INSERT INTO points_distribution_slots AS d (total_points, slot, users)
        SELECT total_points, pg_backend_pid(), -count(*) FROM removed GROUP BY total_points ORDER BY 1
        ON CONFLICT (total_points, slot) DO UPDATE SET users = d.users + excluded.users;
    END IF;
    IF TG_OP = 'DELETE' THEN
        UPDATE users_by_points t SET total_points = 0 FROM removed r WHERE t.user_id = r.user_id AND t.total_points <> 0;
    END IF;
    RETURN NULL;
END
$$;

-- Moves every session's slots into slot 0 and drops rows at zero; returns how many slot rows it moved.
-- SKIP LOCKED: the rows of a transaction still counting stay for the next fold.
CREATE FUNCTION fold_counter_slots() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    moved bigint;
    total bigint := 0;
BEGIN
    WITH taken AS (
        DELETE FROM challenge_stat_slots s
        USING (SELECT unit_id, challenge_id, slot FROM challenge_stat_slots WHERE slot <> 0 FOR UPDATE SKIP LOCKED) l
        WHERE (s.unit_id, s.challenge_id, s.slot) = (l.unit_id, l.challenge_id, l.slot)
        RETURNING s.*),
    folded AS (
        INSERT INTO challenge_stat_slots AS s (unit_id, challenge_id, slot, attempts, correct_attempts, attempters, completions, hints)
        SELECT unit_id, challenge_id, 0, sum(attempts), sum(correct_attempts), sum(attempters), sum(completions), sum(hints)
        FROM taken GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (unit_id, challenge_id, slot) DO UPDATE
        SET attempts = s.attempts + excluded.attempts, correct_attempts = s.correct_attempts + excluded.correct_attempts,
            attempters = s.attempters + excluded.attempters, completions = s.completions + excluded.completions,
            hints = s.hints + excluded.hints)
    SELECT count(*) INTO moved FROM taken;
    total := total + moved;
    DELETE FROM challenge_stat_slots
    WHERE slot = 0 AND attempts = 0 AND correct_attempts = 0 AND attempters = 0 AND completions = 0 AND hints = 0;

    WITH taken AS (
        DELETE FROM custom_challenge_stat_slots s
        USING (SELECT custom_challenge_id, slot FROM custom_challenge_stat_slots WHERE slot <> 0 FOR UPDATE SKIP LOCKED) l
        WHERE (s.custom_challenge_id, s.slot) = (l.custom_challenge_id, l.slot)
        RETURNING s.*),
    folded AS (
        INSERT INTO custom_challenge_stat_slots AS s (custom_challenge_id, slot, attempts, correct_attempts, completions)
        SELECT custom_challenge_id, 0, sum(attempts), sum(correct_attempts), sum(completions) FROM taken GROUP BY 1 ORDER BY 1
        ON CONFLICT (custom_challenge_id, slot) DO UPDATE
        SET attempts = s.attempts + excluded.attempts, correct_attempts = s.correct_attempts + excluded.correct_attempts,
            completions = s.completions + excluded.completions)
    SELECT count(*) INTO moved FROM taken;
    total := total + moved;
    DELETE FROM custom_challenge_stat_slots WHERE slot = 0 AND attempts = 0 AND correct_attempts = 0 AND completions = 0;

    WITH taken AS (
        DELETE FROM week_stat_slots s
        USING (SELECT week, slot FROM week_stat_slots WHERE slot <> 0 FOR UPDATE SKIP LOCKED) l
        WHERE (s.week, s.slot) = (l.week, l.slot)
        RETURNING s.*),
    folded AS (
        INSERT INTO week_stat_slots AS s (week, slot, completions, points, active_users)
        SELECT week, 0, sum(completions), sum(points), sum(active_users) FROM taken GROUP BY 1 ORDER BY 1
        ON CONFLICT (week, slot) DO UPDATE
        SET completions = s.completions + excluded.completions, points = s.points + excluded.points,
            active_users = s.active_users + excluded.active_users)
    SELECT count(*) INTO moved FROM taken;
    total := total + moved;
    DELETE FROM week_stat_slots WHERE slot = 0 AND completions = 0 AND points = 0 AND active_users = 0;

    WITH taken AS (
        DELETE FROM points_distribution_slots s
        USING (SELECT total_points, slot FROM points_distribution_slots WHERE slot <> 0 FOR UPDATE SKIP LOCKED) l
        WHERE (s.total_points, s.slot) = (l.total_points, l.slot)
        RETURNING s.*),
    folded AS (
        INSERT INTO points_distribution_slots AS s (total_points, slot, users)
        SELECT total_points, 0, sum(users) FROM taken GROUP BY 1 ORDER BY 1
        ON CONFLICT (total_points, slot) DO UPDATE SET users = s.users + excluded.users)
    SELECT count(*) INTO moved FROM taken;
    total := total + moved;
    DELETE FROM points_distribution_slots WHERE slot = 0 AND users = 0;
    RETURN total;
END
$$;
