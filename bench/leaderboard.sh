#!/usr/bin/env bash
# The leaderboard's query plan and time on 1,000,000 progress rows (142,858 students, about 7 each), from
# the per-user totals (what the service runs) and, for comparison, aggregating progress on every request.
# Usage: bench/leaderboard.sh [--quick]   (--quick: 1,429 students, about 10k rows; needs ./mvnw package -DskipTests
# first and PostgreSQL on 127.0.0.1:5432)
students=142858
[ "${1:-}" = --quick ] && students=1429
source "$(dirname "$0")/lib.sh" leaderboard
DATABASE_URL="$(url "$db")" java -jar "$jar" migrate up >/dev/null

psql -Xq -d "$db" -v students="$students" <<'SQL'
INSERT INTO users (email, name, role, password_hash)
SELECT 'student' || g || '@example.com', 'Student ' || g, 'student', 'x' FROM generate_series(1, :students) g;
-- Most students finish most challenges; everyone finishes the first, so the tail has ties.
INSERT INTO progress (user_id, unit_id, challenge_id, points_earned, hints_used, query, completed_at)
SELECT u.id, c.unit_id, c.challenge_id, c.points, 0, c.sample_solution, now() - random() * interval '60 days'
FROM users u CROSS JOIN challenges c
WHERE random() < 0.9 OR (c.unit_id = 1 AND c.challenge_id = 1);
VACUUM ANALYZE;
SQL
echo "progress rows: $(psql -XAtq -d "$db" -c 'SELECT count(*) FROM progress')"
for query in \
  "SELECT u.name, t.total_points, t.challenges_completed FROM user_points t JOIN users u ON u.id = t.user_id WHERE u.role = 'student' ORDER BY t.total_points DESC, t.user_id OFFSET 0 LIMIT 100" \
  "SELECT u.name, t.total_points, t.completed FROM (SELECT user_id, sum(points_earned) AS total_points, count(*) AS completed FROM progress GROUP BY user_id) t JOIN users u ON u.id = t.user_id WHERE u.role = 'student' ORDER BY t.total_points DESC, t.user_id OFFSET 0 LIMIT 100"; do
  echo "== $query"
  for _ in 1 2; do psql -Xq -d "$db" -c "EXPLAIN (ANALYZE, BUFFERS) $query" >/dev/null; done   # warm the cache
  psql -Xq -d "$db" -c "EXPLAIN (ANALYZE, BUFFERS) $query"
done
