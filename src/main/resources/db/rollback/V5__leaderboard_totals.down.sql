DROP TRIGGER progress_user_points_truncate ON progress;
DROP TRIGGER progress_user_points_update ON progress;
DROP TRIGGER progress_user_points_delete ON progress;
DROP TRIGGER progress_user_points_insert ON progress;
DROP FUNCTION user_points_apply();
DROP TABLE user_points;
