-- Derived: each user's points and completions, kept by statement-level triggers on progress, so that the
-- leaderboard reads its page from one index instead of aggregating every completion (1,000,000 rows:
-- ~600 ms per request before, see README "Learning"). Statement-level with transition tables, so that
-- loading a million rows (restore, COPY) updates each user once per statement, not once per row.
CREATE TABLE user_points (
    user_id              bigint  PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    total_points         bigint  NOT NULL,
    challenges_completed integer NOT NULL,
    CONSTRAINT ck_user_points_total_points CHECK (total_points >= 0),
    CONSTRAINT ck_user_points_challenges_completed CHECK (challenges_completed >= 0)
);
CREATE INDEX ix_user_points_rank ON user_points (total_points DESC, user_id) INCLUDE (challenges_completed);
-- "Derived" at the start of the comment is what backups read: such a table is emptied on restore but
-- never copied, since loading its source table rebuilds it.
COMMENT ON TABLE user_points IS 'Derived from progress by triggers: per-user totals for the leaderboard.';

CREATE FUNCTION user_points_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM user_points;
        RETURN NULL;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE user_points t
        SET total_points = t.total_points - r.points, challenges_completed = t.challenges_completed - r.completed
        FROM (SELECT user_id, sum(points_earned) AS points, count(*) AS completed FROM removed GROUP BY user_id) r
        WHERE t.user_id = r.user_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO user_points AS t (user_id, total_points, challenges_completed)
        SELECT user_id, sum(points_earned), count(*) FROM added GROUP BY user_id
        ON CONFLICT (user_id) DO UPDATE
        SET total_points = t.total_points + excluded.total_points,
            challenges_completed = t.challenges_completed + excluded.challenges_completed;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        -- only now: an UPDATE takes a user's rows away and gives them back within this one statement
        DELETE FROM user_points t USING (SELECT DISTINCT user_id FROM removed) r
        WHERE t.user_id = r.user_id AND t.challenges_completed = 0;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER progress_user_points_insert AFTER INSERT ON progress
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION user_points_apply();
CREATE TRIGGER progress_user_points_delete AFTER DELETE ON progress
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION user_points_apply();
CREATE TRIGGER progress_user_points_update AFTER UPDATE ON progress
    REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION user_points_apply();
CREATE TRIGGER progress_user_points_truncate AFTER TRUNCATE ON progress
    FOR EACH STATEMENT EXECUTE FUNCTION user_points_apply();

INSERT INTO user_points (user_id, total_points, challenges_completed)
SELECT user_id, sum(points_earned), count(*) FROM progress GROUP BY user_id;
