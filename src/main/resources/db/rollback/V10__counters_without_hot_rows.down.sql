-- Back to V7's one counter row per challenge, week and total: the slots summed into tables of the old
-- names, each attempter's attempts counted again; then V7's trigger functions as they were.
DROP FUNCTION fold_counter_slots();

DROP VIEW challenge_stats;
CREATE TABLE challenge_stats (
    unit_id          integer NOT NULL,
    challenge_id     integer NOT NULL,
    attempts         bigint  NOT NULL DEFAULT 0,
    correct_attempts bigint  NOT NULL DEFAULT 0,
    attempters       bigint  NOT NULL DEFAULT 0,
    completions      bigint  NOT NULL DEFAULT 0,
    hints            bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, challenge_id),
    CONSTRAINT ck_challenge_stats_counts CHECK (
        attempts >= 0 AND correct_attempts >= 0 AND attempters >= 0 AND completions >= 0 AND hints >= 0)
);
COMMENT ON TABLE challenge_stats IS 'Derived from attempts, progress and hints by triggers: per built-in challenge counts for the catalogue and the analytics.';
INSERT INTO challenge_stats (unit_id, challenge_id, attempts, correct_attempts, attempters, completions, hints)
SELECT unit_id, challenge_id, sum(attempts), sum(correct_attempts), sum(attempters), sum(completions), sum(hints)
FROM challenge_stat_slots GROUP BY 1, 2 HAVING sum(attempts) <> 0 OR sum(completions) <> 0 OR sum(hints) <> 0;
DROP TABLE challenge_stat_slots;

DROP VIEW custom_challenge_stats;
CREATE TABLE custom_challenge_stats (
    custom_challenge_id bigint PRIMARY KEY,
    attempts            bigint NOT NULL DEFAULT 0,
    correct_attempts    bigint NOT NULL DEFAULT 0,
    completions         bigint NOT NULL DEFAULT 0,
    CONSTRAINT ck_custom_challenge_stats_counts CHECK (attempts >= 0 AND correct_attempts >= 0 AND completions >= 0)
);
COMMENT ON TABLE custom_challenge_stats IS 'Derived from attempts and progress by triggers: per custom challenge counts for the analytics totals.';
INSERT INTO custom_challenge_stats (custom_challenge_id, attempts, correct_attempts, completions)
SELECT custom_challenge_id, sum(attempts), sum(correct_attempts), sum(completions)
FROM custom_challenge_stat_slots GROUP BY 1 HAVING sum(attempts) <> 0 OR sum(completions) <> 0;
DROP TABLE custom_challenge_stat_slots;

DROP VIEW week_stats;
CREATE TABLE week_stats (
    week         date   PRIMARY KEY,
    completions  bigint NOT NULL,
    points       bigint NOT NULL,
    active_users bigint NOT NULL,
    CONSTRAINT ck_week_stats_counts CHECK (completions >= 0 AND points >= 0 AND active_users >= 0)
);
COMMENT ON TABLE week_stats IS 'Derived from progress by triggers: completions, points and distinct users per UTC week.';
INSERT INTO week_stats (week, completions, points, active_users)
SELECT week, sum(completions), sum(points), sum(active_users) FROM week_stat_slots GROUP BY 1 HAVING sum(completions) <> 0;
DROP TABLE week_stat_slots;

DROP VIEW points_distribution;
CREATE TABLE points_distribution (
    total_points bigint PRIMARY KEY,
    users        bigint NOT NULL,
    CONSTRAINT ck_points_distribution_users CHECK (users >= 0)
);
COMMENT ON TABLE points_distribution IS 'Derived from user_points by triggers: how many users have each total, for the analytics'' count and percentiles.';
INSERT INTO points_distribution (total_points, users)
SELECT total_points, sum(users) FROM points_distribution_slots GROUP BY 1 HAVING sum(users) <> 0;
DROP TABLE points_distribution_slots;

ALTER TABLE challenge_attempters ADD COLUMN attempts bigint NOT NULL DEFAULT 0;
UPDATE challenge_attempters p SET attempts = a.attempts
FROM (SELECT unit_id, challenge_id, user_id, count(*) AS attempts FROM attempts WHERE unit_id IS NOT NULL GROUP BY 1, 2, 3) a
WHERE (p.unit_id, p.challenge_id, p.user_id) = (a.unit_id, a.challenge_id, a.user_id);
ALTER TABLE challenge_attempters ALTER COLUMN attempts DROP DEFAULT;
ALTER TABLE challenge_attempters ADD CONSTRAINT ck_challenge_attempters_attempts CHECK (attempts >= 0);
COMMENT ON TABLE challenge_attempters IS 'Derived from attempts by triggers: each user''s attempts per built-in challenge, for the distinct attempters.';

CREATE OR REPLACE FUNCTION attempts_stats_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM challenge_attempters;
        UPDATE challenge_stats SET attempts = 0, correct_attempts = 0, attempters = 0;
        DELETE FROM challenge_stats WHERE completions = 0 AND hints = 0;
        UPDATE custom_challenge_stats SET attempts = 0, correct_attempts = 0;
        DELETE FROM custom_challenge_stats WHERE completions = 0;
    ELSIF TG_ARGV[0] = 'in' THEN
        WITH pair_change AS (
            SELECT unit_id, challenge_id, user_id, count(*) AS attempts
            FROM changed WHERE unit_id IS NOT NULL GROUP BY unit_id, challenge_id, user_id),
        pair AS (
            INSERT INTO challenge_attempters AS p (unit_id, challenge_id, user_id, attempts)
            SELECT unit_id, challenge_id, user_id, attempts FROM pair_change
            ON CONFLICT (unit_id, challenge_id, user_id) DO UPDATE SET attempts = p.attempts + excluded.attempts
            RETURNING p.unit_id, p.challenge_id, p.user_id, p.attempts),
        -- a pair holding no more than this statement's attempts did not exist before; the conflict's row
        -- lock makes that hold when two transactions add a user's first attempts at once
        new_attempters AS (
            SELECT c.unit_id, c.challenge_id, count(*) FILTER (WHERE p.attempts = c.attempts) AS attempters
            FROM pair_change c JOIN pair p USING (unit_id, challenge_id, user_id) GROUP BY c.unit_id, c.challenge_id),
        change AS (
            SELECT unit_id, challenge_id, count(*) AS attempts, count(*) FILTER (WHERE is_correct) AS correct_attempts
            FROM changed WHERE unit_id IS NOT NULL GROUP BY unit_id, challenge_id)
        INSERT INTO challenge_stats AS s (unit_id, challenge_id, attempts, correct_attempts, attempters)
        SELECT unit_id, challenge_id, c.attempts, c.correct_attempts, n.attempters
        FROM change c JOIN new_attempters n USING (unit_id, challenge_id)
        ON CONFLICT (unit_id, challenge_id) DO UPDATE
        SET attempts = s.attempts + excluded.attempts, correct_attempts = s.correct_attempts + excluded.correct_attempts,
            attempters = s.attempters + excluded.attempters;

        INSERT INTO custom_challenge_stats AS s (custom_challenge_id, attempts, correct_attempts)
        SELECT custom_challenge_id, count(*), count(*) FILTER (WHERE is_correct)
        FROM changed WHERE custom_challenge_id IS NOT NULL GROUP BY custom_challenge_id
        ON CONFLICT (custom_challenge_id) DO UPDATE
        SET attempts = s.attempts + excluded.attempts, correct_attempts = s.correct_attempts + excluded.correct_attempts;
    ELSE
        WITH pair_change AS (
            SELECT unit_id, challenge_id, user_id, count(*) AS attempts
            FROM changed WHERE unit_id IS NOT NULL GROUP BY unit_id, challenge_id, user_id),
        pair AS (
            UPDATE challenge_attempters p SET attempts = p.attempts - c.attempts
            FROM pair_change c WHERE (p.unit_id, p.challenge_id, p.user_id) = (c.unit_id, c.challenge_id, c.user_id)
            RETURNING p.unit_id, p.challenge_id, p.attempts),
        gone_attempters AS (
            SELECT unit_id, challenge_id, count(*) FILTER (WHERE attempts = 0) AS attempters FROM pair GROUP BY unit_id, challenge_id),
        change AS (
            SELECT unit_id, challenge_id, count(*) AS attempts, count(*) FILTER (WHERE is_correct) AS correct_attempts
            FROM changed WHERE unit_id IS NOT NULL GROUP BY unit_id, challenge_id)
        UPDATE challenge_stats s
        SET attempts = s.attempts - c.attempts, correct_attempts = s.correct_attempts - c.correct_attempts,
            attempters = s.attempters - g.attempters
        FROM change c JOIN gone_attempters g USING (unit_id, challenge_id)
        WHERE (s.unit_id, s.challenge_id) = (c.unit_id, c.challenge_id);

        UPDATE custom_challenge_stats s
        SET attempts = s.attempts - c.attempts, correct_attempts = s.correct_attempts - c.correct_attempts
        FROM (SELECT custom_challenge_id, count(*) AS attempts, count(*) FILTER (WHERE is_correct) AS correct_attempts
              FROM changed WHERE custom_challenge_id IS NOT NULL GROUP BY custom_challenge_id) c
        WHERE s.custom_challenge_id = c.custom_challenge_id;

        DELETE FROM challenge_attempters p USING (SELECT DISTINCT unit_id, challenge_id, user_id FROM changed) c
        WHERE (p.unit_id, p.challenge_id, p.user_id) = (c.unit_id, c.challenge_id, c.user_id) AND p.attempts = 0;
        DELETE FROM challenge_stats s USING (SELECT DISTINCT unit_id, challenge_id FROM changed) c
        WHERE (s.unit_id, s.challenge_id) = (c.unit_id, c.challenge_id)
          AND s.attempts = 0 AND s.completions = 0 AND s.hints = 0;
        DELETE FROM custom_challenge_stats s USING (SELECT DISTINCT custom_challenge_id FROM changed) c
        WHERE s.custom_challenge_id = c.custom_challenge_id AND s.attempts = 0 AND s.completions = 0;
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION progress_stats_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        UPDATE challenge_stats SET completions = 0;
        DELETE FROM challenge_stats WHERE attempts = 0 AND hints = 0;
        UPDATE custom_challenge_stats SET completions = 0;
        DELETE FROM custom_challenge_stats WHERE attempts = 0;
        DELETE FROM user_weeks;
        DELETE FROM week_stats;
    ELSIF TG_ARGV[0] = 'in' THEN
        -- progress is unique per user and built-in challenge, so completions are also the distinct completers
        INSERT INTO challenge_stats AS s (unit_id, challenge_id, completions)
        SELECT unit_id, challenge_id, count(*) FROM changed WHERE unit_id IS NOT NULL GROUP BY unit_id, challenge_id
        ON CONFLICT (unit_id, challenge_id) DO UPDATE SET completions = s.completions + excluded.completions;

        INSERT INTO custom_challenge_stats AS s (custom_challenge_id, completions)
        SELECT custom_challenge_id, count(*) FROM changed WHERE custom_challenge_id IS NOT NULL GROUP BY custom_challenge_id
        ON CONFLICT (custom_challenge_id) DO UPDATE SET completions = s.completions + excluded.completions;

        WITH pair_change AS (
            SELECT CAST(date_trunc('week', completed_at AT TIME ZONE 'UTC') AS date) AS week, user_id,
                   count(*) AS completions, sum(points_earned) AS points
            FROM changed GROUP BY 1, 2),
        pair AS (
            INSERT INTO user_weeks AS w (week, user_id, completions)
            SELECT week, user_id, completions FROM pair_change
            ON CONFLICT (week, user_id) DO UPDATE SET completions = w.completions + excluded.completions
            RETURNING w.week, w.user_id, w.completions)
        -- new users of the week, found as attempts_stats_apply finds new attempters
        INSERT INTO week_stats AS s (week, completions, points, active_users)
        SELECT c.week, sum(c.completions), sum(c.points), count(*) FILTER (WHERE p.completions = c.completions)
        FROM pair_change c JOIN pair p USING (week, user_id) GROUP BY c.week
        ON CONFLICT (week) DO UPDATE
        SET completions = s.completions + excluded.completions, points = s.points + excluded.points,
            active_users = s.active_users + excluded.active_users;
    ELSE
        UPDATE challenge_stats s SET completions = s.completions - c.completions
        FROM (SELECT unit_id, challenge_id, count(*) AS completions FROM changed WHERE unit_id IS NOT NULL
              GROUP BY unit_id, challenge_id) c
        WHERE (s.unit_id, s.challenge_id) = (c.unit_id, c.challenge_id);

        UPDATE custom_challenge_stats s SET completions = s.completions - c.completions
        FROM (SELECT custom_challenge_id, count(*) AS completions FROM changed WHERE custom_challenge_id IS NOT NULL
              GROUP BY custom_challenge_id) c
        WHERE s.custom_challenge_id = c.custom_challenge_id;

        WITH pair_change AS (
            SELECT CAST(date_trunc('week', completed_at AT TIME ZONE 'UTC') AS date) AS week, user_id,
                   count(*) AS completions, sum(points_earned) AS points
            FROM changed GROUP BY 1, 2),
        pair AS (
            UPDATE user_weeks w SET completions = w.completions - c.completions
            FROM pair_change c WHERE (w.week, w.user_id) = (c.week, c.user_id)
            RETURNING w.week, w.completions)
        UPDATE week_stats s
        SET completions = s.completions - c.completions, points = s.points - c.points, active_users = s.active_users - g.users
        FROM (SELECT week, sum(completions) AS completions, sum(points) AS points FROM pair_change GROUP BY week) c
        JOIN (SELECT week, count(*) FILTER (WHERE completions = 0) AS users FROM pair GROUP BY week) g USING (week)
        WHERE s.week = c.week;

        DELETE FROM challenge_stats s USING (SELECT DISTINCT unit_id, challenge_id FROM changed) c
        WHERE (s.unit_id, s.challenge_id) = (c.unit_id, c.challenge_id)
          AND s.attempts = 0 AND s.completions = 0 AND s.hints = 0;
        DELETE FROM custom_challenge_stats s USING (SELECT DISTINCT custom_challenge_id FROM changed) c
        WHERE s.custom_challenge_id = c.custom_challenge_id AND s.attempts = 0 AND s.completions = 0;
        DELETE FROM user_weeks w USING changed c
        WHERE (w.week, w.user_id) = (CAST(date_trunc('week', c.completed_at AT TIME ZONE 'UTC') AS date), c.user_id)
          AND w.completions = 0;
        DELETE FROM week_stats s WHERE s.completions = 0;
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION hints_stats_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        UPDATE challenge_stats SET hints = 0;
        DELETE FROM challenge_stats WHERE attempts = 0 AND completions = 0;
    ELSIF TG_ARGV[0] = 'in' THEN
        INSERT INTO challenge_stats AS s (unit_id, challenge_id, hints)
        SELECT unit_id, challenge_id, count(*) FROM changed WHERE unit_id IS NOT NULL GROUP BY unit_id, challenge_id
        ON CONFLICT (unit_id, challenge_id) DO UPDATE SET hints = s.hints + excluded.hints;
    ELSE
        UPDATE challenge_stats s SET hints = s.hints - c.hints
        FROM (SELECT unit_id, challenge_id, count(*) AS hints FROM changed WHERE unit_id IS NOT NULL GROUP BY unit_id, challenge_id) c
        WHERE (s.unit_id, s.challenge_id) = (c.unit_id, c.challenge_id);
        DELETE FROM challenge_stats s USING (SELECT DISTINCT unit_id, challenge_id FROM changed) c
        WHERE (s.unit_id, s.challenge_id) = (c.unit_id, c.challenge_id)
          AND s.attempts = 0 AND s.completions = 0 AND s.hints = 0;
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION user_points_derived_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM points_distribution;
        UPDATE users_by_points SET total_points = 0 WHERE total_points <> 0;
        RETURN NULL;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO points_distribution AS d (total_points, users)
        SELECT total_points, count(*) FROM added GROUP BY total_points
        ON CONFLICT (total_points) DO UPDATE SET users = d.users + excluded.users;
        UPDATE users_by_points t SET total_points = a.total_points
        FROM added a WHERE t.user_id = a.user_id AND t.total_points <> a.total_points;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE points_distribution d SET users = d.users - r.users
        FROM (SELECT total_points, count(*) AS users FROM removed GROUP BY total_points) r
        WHERE d.total_points = r.total_points;
        DELETE FROM points_distribution d USING (SELECT DISTINCT total_points FROM removed) r
        WHERE d.total_points = r.total_points AND d.users = 0;
    END IF;
    IF TG_OP = 'DELETE' THEN
        UPDATE users_by_points t SET total_points = 0 FROM removed r WHERE t.user_id = r.user_id AND t.total_points <> 0;
    END IF;
    RETURN NULL;
END
$$;
