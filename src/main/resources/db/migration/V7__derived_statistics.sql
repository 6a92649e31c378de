-- Derived statistics for the catalogue, the class analytics and the user list, kept by statement-level
-- triggers as user_points is (V5): at 5,000,000 progress rows those requests aggregated every attempt and
-- completion, 2-4 s each (bench/README.md "Scale"); now they read a few rows. Every table here is "Derived":
-- backups leave it out and a restore rebuilds it by loading the source tables.
--
-- The per-challenge and per-user tables have no foreign keys: their rows come and go with the source rows
-- they count (a row whose counts reach zero is deleted), and deleting a user or a custom challenge must leave
-- them in place until the cascaded deletes of attempts and progress have counted themselves out.

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

-- The distinct users behind challenge_stats.attempters: a user counts once, however many attempts.
CREATE TABLE challenge_attempters (
    unit_id      integer NOT NULL,
    challenge_id integer NOT NULL,
    user_id      bigint  NOT NULL,
    attempts     bigint  NOT NULL,
    PRIMARY KEY (unit_id, challenge_id, user_id),
    CONSTRAINT ck_challenge_attempters_attempts CHECK (attempts >= 0)
);
COMMENT ON TABLE challenge_attempters IS 'Derived from attempts by triggers: each user''s attempts per built-in challenge, for the distinct attempters.';

CREATE TABLE custom_challenge_stats (
    custom_challenge_id bigint PRIMARY KEY,
    attempts            bigint NOT NULL DEFAULT 0,
    correct_attempts    bigint NOT NULL DEFAULT 0,
    completions         bigint NOT NULL DEFAULT 0,
    CONSTRAINT ck_custom_challenge_stats_counts CHECK (attempts >= 0 AND correct_attempts >= 0 AND completions >= 0)
);
COMMENT ON TABLE custom_challenge_stats IS 'Derived from attempts and progress by triggers: per custom challenge counts for the analytics totals.';

-- Weeks start on Monday 00:00 UTC, as the class analytics' trends do.
CREATE TABLE week_stats (
    week         date   PRIMARY KEY,
    completions  bigint NOT NULL,
    points       bigint NOT NULL,
    active_users bigint NOT NULL,
    CONSTRAINT ck_week_stats_counts CHECK (completions >= 0 AND points >= 0 AND active_users >= 0)
);
COMMENT ON TABLE week_stats IS 'Derived from progress by triggers: completions, points and distinct users per UTC week.';

CREATE TABLE user_weeks (
    week        date    NOT NULL,
    user_id     bigint  NOT NULL,
    completions integer NOT NULL,
    PRIMARY KEY (week, user_id),
    CONSTRAINT ck_user_weeks_completions CHECK (completions >= 0)
);
COMMENT ON TABLE user_weeks IS 'Derived from progress by triggers: each user''s completions per UTC week, for the distinct active users.';

CREATE TABLE user_counts (
    role        varchar(20) NOT NULL,
    deactivated boolean     NOT NULL,
    users       bigint      NOT NULL,
    PRIMARY KEY (role, deactivated),
    CONSTRAINT ck_user_counts_users CHECK (users >= 0)
);
COMMENT ON TABLE user_counts IS 'Derived from users by triggers: accounts per role and state, for totals.';

-- The foreign key deletes a user's row with the user, as user_points' does; nothing is counted here.
CREATE TABLE users_by_points (
    user_id      bigint       PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    role         varchar(20)  NOT NULL,
    name         varchar(100) NOT NULL,
    deactivated  boolean      NOT NULL,
    total_points bigint       NOT NULL
);
CREATE INDEX ix_users_by_points_role ON users_by_points (role, total_points DESC, name, user_id);
CREATE INDEX ix_users_by_points ON users_by_points (total_points DESC, name, user_id);
COMMENT ON TABLE users_by_points IS 'Derived from users and user_points by triggers: every account with its points, for GET /users?sort=points.';

CREATE TABLE points_distribution (
    total_points bigint PRIMARY KEY,
    users        bigint NOT NULL,
    CONSTRAINT ck_points_distribution_users CHECK (users >= 0)
);
COMMENT ON TABLE points_distribution IS 'Derived from user_points by triggers: how many users have each total, for the analytics'' count and percentiles.';

-- GET /users by name without a role, and by date: the page is a range of these indexes (by name with a
-- role uses ix_users_role_name_id, V4).
CREATE INDEX ix_users_name_id ON users (name, id);
CREATE INDEX ix_users_role_created_at_id ON users (role, created_at, id);
CREATE INDEX ix_users_created_at_id ON users (created_at, id);

-- One function per source table counts the rows of the transition table "changed" in (TG_ARGV[0] = 'in':
-- upserts) or out ('out': updates, since the rows exist, then rows at zero are deleted); an UPDATE fires it
-- twice, its old rows out and its new rows in.
CREATE FUNCTION attempts_stats_apply() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE FUNCTION progress_stats_apply() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE FUNCTION hints_stats_apply() RETURNS trigger LANGUAGE plpgsql AS $$
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

-- As user_points_apply (V5), with old and new rows side by side: most updates of users are logins, which
-- change neither role nor state and so must not touch (and queue on) a count's row.
CREATE FUNCTION users_stats_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM user_counts;
        DELETE FROM users_by_points;
        RETURN NULL;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO users_by_points AS t (user_id, role, name, deactivated, total_points)
        SELECT id, role, name, deactivated_at IS NOT NULL, 0 FROM added
        ON CONFLICT (user_id) DO UPDATE SET role = excluded.role, name = excluded.name, deactivated = excluded.deactivated
        WHERE (t.role, t.name, t.deactivated) IS DISTINCT FROM (excluded.role, excluded.name, excluded.deactivated);
    END IF;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO user_counts AS t (role, deactivated, users)
        SELECT role, deactivated_at IS NOT NULL, count(*) FROM added GROUP BY 1, 2
        ON CONFLICT (role, deactivated) DO UPDATE SET users = t.users + excluded.users;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE user_counts t SET users = t.users - c.users
        FROM (SELECT role, deactivated_at IS NOT NULL AS deactivated, count(*) AS users FROM removed GROUP BY 1, 2) c
        WHERE (t.role, t.deactivated) = (c.role, c.deactivated);
    ELSE
        INSERT INTO user_counts AS t (role, deactivated, users)
        SELECT n.role, n.deactivated_at IS NOT NULL, count(*)
        FROM added n JOIN removed o USING (id)
        WHERE (n.role, n.deactivated_at IS NOT NULL) IS DISTINCT FROM (o.role, o.deactivated_at IS NOT NULL)
        GROUP BY 1, 2
        ON CONFLICT (role, deactivated) DO UPDATE SET users = t.users + excluded.users;
        UPDATE user_counts t SET users = t.users - c.users
        FROM (SELECT o.role, o.deactivated_at IS NOT NULL AS deactivated, count(*) AS users
              FROM added n JOIN removed o USING (id)
              WHERE (n.role, n.deactivated_at IS NOT NULL) IS DISTINCT FROM (o.role, o.deactivated_at IS NOT NULL)
              GROUP BY 1, 2) c
        WHERE (t.role, t.deactivated) = (c.role, c.deactivated);
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        DELETE FROM user_counts WHERE users = 0;
    END IF;
    RETURN NULL;
END
$$;

-- The V5 function changes user_points in several statements (totals down, then up, then empty rows out);
-- following each keeps both tables exact whatever the order.
CREATE FUNCTION user_points_derived_apply() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE TRIGGER attempts_stats_insert AFTER INSERT ON attempts
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION attempts_stats_apply('in');
CREATE TRIGGER attempts_stats_delete AFTER DELETE ON attempts
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION attempts_stats_apply('out');
CREATE TRIGGER attempts_stats_update_new AFTER UPDATE ON attempts
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION attempts_stats_apply('in');
CREATE TRIGGER attempts_stats_update_old AFTER UPDATE ON attempts
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION attempts_stats_apply('out');
CREATE TRIGGER attempts_stats_truncate AFTER TRUNCATE ON attempts
    FOR EACH STATEMENT EXECUTE FUNCTION attempts_stats_apply();

CREATE TRIGGER progress_stats_insert AFTER INSERT ON progress
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION progress_stats_apply('in');
CREATE TRIGGER progress_stats_delete AFTER DELETE ON progress
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION progress_stats_apply('out');
CREATE TRIGGER progress_stats_update_new AFTER UPDATE ON progress
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION progress_stats_apply('in');
CREATE TRIGGER progress_stats_update_old AFTER UPDATE ON progress
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION progress_stats_apply('out');
CREATE TRIGGER progress_stats_truncate AFTER TRUNCATE ON progress
    FOR EACH STATEMENT EXECUTE FUNCTION progress_stats_apply();

CREATE TRIGGER hints_stats_insert AFTER INSERT ON hints
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION hints_stats_apply('in');
CREATE TRIGGER hints_stats_delete AFTER DELETE ON hints
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION hints_stats_apply('out');
CREATE TRIGGER hints_stats_update_new AFTER UPDATE ON hints
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION hints_stats_apply('in');
CREATE TRIGGER hints_stats_update_old AFTER UPDATE ON hints
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION hints_stats_apply('out');
CREATE TRIGGER hints_stats_truncate AFTER TRUNCATE ON hints
    FOR EACH STATEMENT EXECUTE FUNCTION hints_stats_apply();

CREATE TRIGGER users_stats_insert AFTER INSERT ON users
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION users_stats_apply();
CREATE TRIGGER users_stats_delete AFTER DELETE ON users
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION users_stats_apply();
CREATE TRIGGER users_stats_update AFTER UPDATE ON users
    REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION users_stats_apply();
CREATE TRIGGER users_stats_truncate AFTER TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION users_stats_apply();

CREATE TRIGGER user_points_derived_insert AFTER INSERT ON user_points
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION user_points_derived_apply();
CREATE TRIGGER user_points_derived_delete AFTER DELETE ON user_points
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION user_points_derived_apply();
CREATE TRIGGER user_points_derived_update AFTER UPDATE ON user_points
    REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION user_points_derived_apply();
CREATE TRIGGER user_points_derived_truncate AFTER TRUNCATE ON user_points
    FOR EACH STATEMENT EXECUTE FUNCTION user_points_derived_apply();

INSERT INTO challenge_stats (unit_id, challenge_id, attempts, correct_attempts, attempters, completions, hints)
SELECT unit_id, challenge_id, sum(attempts), sum(correct_attempts), sum(attempters), sum(completions), sum(hints)
FROM (SELECT unit_id, challenge_id, count(*) AS attempts, count(*) FILTER (WHERE is_correct) AS correct_attempts,
             count(DISTINCT user_id) AS attempters, 0 AS completions, 0 AS hints
      FROM attempts WHERE unit_id IS NOT NULL GROUP BY unit_id, challenge_id
      UNION ALL
      SELECT unit_id, challenge_id, 0, 0, 0, count(*), 0 FROM progress WHERE unit_id IS NOT NULL GROUP BY unit_id, challenge_id
      UNION ALL
      SELECT unit_id, challenge_id, 0, 0, 0, 0, count(*) FROM hints WHERE unit_id IS NOT NULL GROUP BY unit_id, challenge_id) s
GROUP BY unit_id, challenge_id;
INSERT INTO challenge_attempters (unit_id, challenge_id, user_id, attempts)
SELECT unit_id, challenge_id, user_id, count(*) FROM attempts WHERE unit_id IS NOT NULL GROUP BY unit_id, challenge_id, user_id;
INSERT INTO custom_challenge_stats (custom_challenge_id, attempts, correct_attempts, completions)
SELECT custom_challenge_id, sum(attempts), sum(correct_attempts), sum(completions)
FROM (SELECT custom_challenge_id, count(*) AS attempts, count(*) FILTER (WHERE is_correct) AS correct_attempts, 0 AS completions
      FROM attempts WHERE custom_challenge_id IS NOT NULL GROUP BY custom_challenge_id
      UNION ALL
      SELECT custom_challenge_id, 0, 0, count(*) FROM progress WHERE custom_challenge_id IS NOT NULL GROUP BY custom_challenge_id) s
GROUP BY custom_challenge_id;
INSERT INTO user_weeks (week, user_id, completions)
SELECT CAST(date_trunc('week', completed_at AT TIME ZONE 'UTC') AS date), user_id, count(*) FROM progress GROUP BY 1, 2;
INSERT INTO week_stats (week, completions, points, active_users)
SELECT CAST(date_trunc('week', completed_at AT TIME ZONE 'UTC') AS date), count(*), sum(points_earned), count(DISTINCT user_id)
FROM progress GROUP BY 1;
INSERT INTO user_counts (role, deactivated, users)
SELECT role, deactivated_at IS NOT NULL, count(*) FROM users GROUP BY 1, 2;
INSERT INTO users_by_points (user_id, role, name, deactivated, total_points)
SELECT u.id, u.role, u.name, u.deactivated_at IS NOT NULL, coalesce(p.total_points, 0)
FROM users u LEFT JOIN user_points p ON p.user_id = u.id;
INSERT INTO points_distribution (total_points, users)
SELECT total_points, count(*) FROM user_points GROUP BY total_points;
