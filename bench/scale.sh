#!/usr/bin/env bash
# How the service's costs grow with the data: one database grown to 10k, 1M and 5M progress rows (students with
# 7 completions each, plus their attempts and hints), and at each size
#   - our backup (level 6): wall and in-process time, size;
#   - the leaderboard query's execution time (EXPLAIN ANALYZE, median of 5);
#   - API latency (hyperfine, median of a few curl runs) of the leaderboard and of the other reads over
#     progress/users/attempts: /progress/me, the catalogue, /users, the weekly report, class analytics.
# At the largest size, EXPLAIN (ANALYZE, BUFFERS) of every API query touching progress/users/attempts goes to
# bench/results/explain-5m.txt (quick: the work directory), with a summary of times and scans.
# Usage: bench/scale.sh [--quick]   default: 10000 1000000 5000000 (about 15 min on 2 cores);
#        --quick: 10000 only (about a minute). Needs hyperfine (installed with apt-get if missing),
#        ./mvnw package -DskipTests and PostgreSQL on 127.0.0.1:5432. Without --quick also writes bench/results/scale.md.
quick=false
[ "${1:-}" = --quick ] && quick=true
source "$(dirname "$0")/lib.sh" scale
need_tools hyperfine
if $quick; then sizes=(10000) runs=3; else sizes=(10000 1000000 5000000) runs=5; fi
explain_file="$work/explain.txt"
$quick || { mkdir -p bench/results; explain_file="bench/results/explain-5m.txt"; }

migrate_db "$db"
ACCESS_TOKEN_LIFESPAN=PT2H start_app
json() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
for role in teacher student; do
  curl -fsS -H 'Content-Type: application/json' \
    -d "{\"email\":\"scale-$role@example.com\",\"name\":\"Scale\",\"password\":\"bench-password-1\",\"role\":\"$role\"}" "$base/auth/register" >/dev/null
done
token_of() { curl -fsS -H 'Content-Type: application/json' -d "{\"email\":\"scale-$1@example.com\",\"password\":\"bench-password-1\"}" \
  "$base/auth/login" | json access_token; }
teacher="$(token_of teacher)" student="$(token_of student)"
curl -fsS -o /dev/null -H "Authorization: Bearer $student" -H 'Content-Type: application/json' \
  -d '{"unit_id":1,"challenge_id":1,"query":"SELECT * FROM users","hints_used":0}' "$base/progress/submit"

t=$'\t'
rows_out=()   # size, backup wall, backup in-process, MiB, leaderboard exec ms, then API medians
endpoints=("leaderboard|/leaderboard?limit=100|" "progress/me|/progress/me|$student" "challenges|/challenges|$student"
  "users|/users?role=student|$teacher" "weekly|/reports/weekly|$teacher" "class|/analytics/class|$teacher")
leaderboard_sql="SELECT u.name, t.total_points, t.challenges_completed
FROM (SELECT user_id, total_points, challenges_completed FROM user_points
      WHERE user_id NOT IN (SELECT id FROM users WHERE role IN ('teacher', 'admin'))
      ORDER BY total_points DESC, user_id OFFSET 0 LIMIT 100) t
JOIN users u ON u.id = t.user_id ORDER BY t.total_points DESC, t.user_id"

students=0
for size in "${sizes[@]}"; do
  want=$(( (size + 6) / 7 ))
  echo "== $size progress rows: adding $(( want - students )) students with their attempts and hints..."
  start="$(ms_now)"
  add_students "$db" $(( want - students )) activity
  students="$want"
  actual="$(psql -XAtq -d "$db" -c 'SELECT count(*) FROM progress')"
  echo "   loaded in $(secs $(( $(ms_now) - start ))) s; $(psql -XAtq -d "$db" -c "SELECT count(*) || ' attempts, ' ||
    pg_size_pretty(pg_database_size(current_database())) FROM attempts")"

  rm -rf "$work/backup" && mkdir -p "$work/backup"
  start="$(ms_now)"
  DATABASE_URL="$(url "$db")" BACKUP_DIR="$work/backup" java -jar "$jar" backup "$work/backup" >"$work/backup.out"
  backup_wall="$(secs $(( $(ms_now) - start )))"
  backup_inproc="$(awk '/^Duration:/ { v = $2; sub(/ms$/, "", v); printf "%.2f", v / 1000 }' "$work/backup.out")"
  backup_mib="$(mib "$(stat -c %s "$work"/backup/backup_*.sql.gz)")"

  # Median of 5 executions, after one that warms the cache.
  exec_ms="$(for _ in 1 2 3 4 5 6; do psql -XAtq -d "$db" -c "EXPLAIN (ANALYZE) $leaderboard_sql" | sed -n 's/^Execution Time: \([0-9.]*\) ms/\1/p'; done |
    tail -n 5 | sort -n | sed -n 3p)"

  row="$actual$t$backup_wall$t$backup_inproc$t$backup_mib$t$exec_ms"
  for endpoint in "${endpoints[@]}"; do
    IFS='|' read -r name path token <<<"$endpoint"
    echo "   hyperfine GET $path..."
    # curl fails on a non-2xx answer, and hyperfine stops on a failing run: a timing is always of a real answer.
    hyperfine -N --style none --warmup 1 --runs "$runs" --export-json "$work/hf.json" \
      "curl -fsS -o /dev/null ${token:+-H 'Authorization: Bearer $token'} $base$path" >/dev/null 2>"$work/hf.err" ||
      { echo "   FAILED: $(tail -2 "$work/hf.err")"; row+="${t}failed"; continue; }
    row+="$t$(python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"] * 1000))' "$work/hf.json")"
  done
  rows_out+=("$row")
done
rss_after="$(rss_mib)"

# --- EXPLAIN (ANALYZE, BUFFERS) at the largest size, with the parameters the service would bind -----------
student_id="$(psql -XAtq -d "$db" -c "SELECT id FROM users WHERE email = 'student$(( students / 2 ))@bench.example'")"
deep=$(( students / 2 ))
cat >"$work/queries.sql" <<SQL
-- name: leaderboard page 1 (GET /leaderboard, ProgressService.leaderboard)
SELECT u.name, t.total_points, t.challenges_completed
FROM (SELECT user_id, total_points, challenges_completed FROM user_points
      WHERE user_id NOT IN (SELECT id FROM users WHERE role IN ('teacher', 'admin'))
      ORDER BY total_points DESC, user_id OFFSET 0 LIMIT 100) t
JOIN users u ON u.id = t.user_id ORDER BY t.total_points DESC, t.user_id;
-- name: leaderboard page at offset $deep (GET /leaderboard?offset=$deep)
SELECT u.name, t.total_points, t.challenges_completed
FROM (SELECT user_id, total_points, challenges_completed FROM user_points
      WHERE user_id NOT IN (SELECT id FROM users WHERE role IN ('teacher', 'admin'))
      ORDER BY total_points DESC, user_id OFFSET $deep LIMIT 100) t
JOIN users u ON u.id = t.user_id ORDER BY t.total_points DESC, t.user_id;
-- name: account of every authenticated request (ActiveAccountAugmentor, ActiveAccountLookup.activeRole)
SELECT role FROM users WHERE id = $student_id AND deactivated_at IS NULL;
-- name: login lookup (POST /auth/login, UserService.findActiveByEmail)
SELECT id, email, name, role, password_hash FROM users WHERE email = 'student$deep@bench.example' AND deactivated_at IS NULL;
-- name: /progress/me account, completions and catalogue size (ProgressService.progressOf)
SELECT p.id, p.user_id, p.unit_id, p.challenge_id, p.custom_challenge_id, p.points_earned, p.hints_used, p.completed_at, p.query,
       coalesce(c.title, cc.title, 'Unknown Challenge'), (SELECT count(*) FROM challenges)
FROM users u LEFT JOIN progress p ON p.user_id = u.id
LEFT JOIN challenges c ON c.unit_id = p.unit_id AND c.challenge_id = p.challenge_id
LEFT JOIN custom_challenges cc ON cc.id = p.custom_challenge_id
WHERE u.id = $student_id ORDER BY p.unit_id NULLS LAST, p.challenge_id, p.custom_challenge_id;
-- name: submit: the completion read back (POST /progress/submit, SubmissionService.submit)
SELECT id, user_id, unit_id, challenge_id, custom_challenge_id, points_earned, hints_used, completed_at FROM progress
WHERE user_id = $student_id AND (CASE WHEN CAST(NULL AS bigint) IS NULL
  THEN custom_challenge_id IS NULL AND unit_id = 1 AND challenge_id = 1 ELSE custom_challenge_id = NULL END);
-- name: /users list page, sort=name (GET /users?role=student, UserDirectory.list)
SELECT u.id, u.email, u.name, u.role, u.created_at, coalesce(t.total_points, 0) AS total_points, coalesce(t.challenges_completed, 0) AS challenges_completed,
       u.deactivated_at IS NOT NULL AS deactivated
FROM (SELECT id, name, created_at FROM users WHERE true AND role = 'student' AND deactivated_at IS NULL ORDER BY name ASC, id ASC OFFSET 0 LIMIT 10) l
JOIN users u ON u.id = l.id LEFT JOIN user_points t ON t.user_id = u.id ORDER BY l.name ASC, l.id ASC;
-- name: /users list page, sort=points (GET /users?role=student&sort=points, UserDirectory.list)
SELECT u.id, u.email, u.name, u.role, u.created_at, coalesce(t.total_points, 0) AS total_points, coalesce(t.challenges_completed, 0) AS challenges_completed,
       u.deactivated_at IS NOT NULL AS deactivated
FROM (SELECT user_id AS id, name, total_points FROM users_by_points WHERE true AND role = 'student' AND NOT deactivated ORDER BY total_points DESC, name ASC, id ASC OFFSET 0 LIMIT 10) l
JOIN users u ON u.id = l.id LEFT JOIN user_points t ON t.user_id = u.id ORDER BY l.total_points DESC, l.name ASC, l.id ASC;
-- name: /users list total (UserDirectory.list)
SELECT coalesce(sum(users), 0) FROM user_counts WHERE true AND role = 'student' AND NOT deactivated;
-- name: weekly report (GET /reports/weekly, ReportService.weekly)
WITH students AS (SELECT p.user_id, count(*) AS completions, sum(p.points_earned) AS points FROM progress p
    WHERE p.completed_at >= now() - interval '7 days' AND p.user_id NOT IN (SELECT id FROM users WHERE role IN ('teacher', 'admin')) GROUP BY p.user_id)
SELECT 'total' AS kind, count(*) AS a, coalesce(sum(completions), 0) AS b, coalesce(sum(points), 0) AS c, CAST(NULL AS text) AS name, 0 AS position FROM students
UNION ALL SELECT 'struggling_total', count(*), 0, 0, NULL, 0 FROM students WHERE completions < 3
UNION ALL (SELECT 'top', s.user_id, s.completions, s.points, u.name, 1 FROM (SELECT * FROM students ORDER BY points DESC, user_id LIMIT 5) s JOIN users u ON u.id = s.user_id ORDER BY s.points DESC, s.user_id)
UNION ALL (SELECT 'struggling', s.user_id, s.completions, s.points, u.name, 2 FROM (SELECT * FROM students WHERE completions < 3 ORDER BY points DESC, user_id LIMIT 100) s JOIN users u ON u.id = s.user_id ORDER BY s.points DESC, s.user_id);
-- name: class analytics totals (GET /analytics/class, ReportService.classAnalytics)
WITH distribution AS (SELECT total_points, sum(users) OVER (ORDER BY total_points) AS up_to FROM points_distribution),
position AS (SELECT f, f * CAST(n - 1 AS double precision) AS at FROM (SELECT sum(users) AS n FROM points_distribution) c,
             unnest(CAST(ARRAY[0.25, 0.5, 0.75] AS double precision[])) AS f WHERE n > 0)
SELECT (SELECT coalesce(sum(users), 0) FROM user_counts WHERE role = 'student'), (SELECT coalesce(sum(users), 0) FROM points_distribution),
       (SELECT coalesce(sum(completions), 0) FROM challenge_stats),
       (SELECT coalesce(sum(completions), 0) FROM challenge_stats) + (SELECT coalesce(sum(completions), 0) FROM custom_challenge_stats),
       (SELECT coalesce(sum(attempts), 0) FROM challenge_stats) + (SELECT coalesce(sum(attempts), 0) FROM custom_challenge_stats),
       (SELECT coalesce(sum(correct_attempts), 0) FROM challenge_stats) + (SELECT coalesce(sum(correct_attempts), 0) FROM custom_challenge_stats),
       (SELECT count(*) FROM challenges),
       (SELECT array_agg(low + (at - floor(at)) * (high - low) ORDER BY f)
        FROM (SELECT f, at, CAST((SELECT min(total_points) FROM distribution WHERE up_to > floor(at)) AS double precision) AS low,
                     CAST((SELECT min(total_points) FROM distribution WHERE up_to > ceil(at)) AS double precision) AS high FROM position) p);
-- name: class analytics per-challenge statistics (ReportService.challengeStatistics)
SELECT c.unit_id, c.challenge_id, c.title, coalesce(s.attempts, 0), coalesce(s.correct_attempts, 0), coalesce(s.hints, 0)
FROM challenges c LEFT JOIN challenge_stats s ON s.unit_id = c.unit_id AND s.challenge_id = c.challenge_id ORDER BY c.unit_id, c.challenge_id;
-- name: class analytics weekly trends (ReportService.weeklyTrends)
SELECT w.start, w.start + interval '7 days' - interval '1 microsecond', coalesce(s.completions, 0), coalesce(s.points, 0), coalesce(s.active_users, 0)
FROM generate_series(date_trunc('week', now() AT TIME ZONE 'UTC') - interval '3 weeks', date_trunc('week', now() AT TIME ZONE 'UTC'), interval '1 week') AS w(start)
LEFT JOIN week_stats s ON s.week = CAST(w.start AS date) ORDER BY w.start;
-- name: challenge catalogue with statistics (GET /challenges, ChallengeService.units)
SELECT c.unit_id, u.title, c.challenge_id, c.title, c.points, c.description, c.sample_solution,
       coalesce(s.attempts, 0), coalesce(s.correct_attempts, 0), coalesce(s.attempters, 0), coalesce(s.completions, 0),
       (SELECT coalesce(sum(users), 0) FROM user_counts WHERE role = 'student')
FROM units u LEFT JOIN challenges c ON c.unit_id = u.id
LEFT JOIN challenge_stats s ON s.unit_id = c.unit_id AND s.challenge_id = c.challenge_id
WHERE CAST(NULL AS integer) IS NULL OR u.id = NULL ORDER BY u.id, c.challenge_id;
-- name: student export cursor, whole run (GET /export/students, ExportService.writeStudents)
SELECT u.name, u.email, coalesce(r.points, 0), coalesce(r.built_in, 0), (SELECT count(*) FROM challenges),
       greatest((SELECT max(completed_at) FROM progress p WHERE p.user_id = u.id), (SELECT max(attempted_at) FROM attempts a WHERE a.user_id = u.id),
                (SELECT max(accessed_at) FROM hints h WHERE h.user_id = u.id))
FROM users u LEFT JOIN LATERAL (SELECT sum(p.points_earned) AS points, count(*) FILTER (WHERE p.unit_id IS NOT NULL) AS built_in FROM progress p
  WHERE p.user_id = u.id AND (CAST(NULL AS timestamptz) IS NULL OR p.completed_at >= NULL) AND (CAST(NULL AS timestamptz) IS NULL OR p.completed_at < NULL)) r ON true
WHERE u.role = 'student' ORDER BY u.role, u.name, u.id;
-- name: learning detail: attempts (GET /users/{id}?detailed=true, LearningDetailService.of)
SELECT unit_id, challenge_id, query, is_correct, attempted_at FROM attempts WHERE user_id = $student_id AND unit_id IS NOT NULL ORDER BY attempted_at, id;
-- name: learning detail: catalogue with completions (LearningDetailService.of)
SELECT u.id, u.title, c.challenge_id, c.title, c.description, c.points, p.id IS NOT NULL FROM units u LEFT JOIN challenges c ON c.unit_id = u.id
LEFT JOIN progress p ON p.user_id = $student_id AND p.unit_id = c.unit_id AND p.challenge_id = c.challenge_id AND p.custom_challenge_id IS NULL
ORDER BY u.id, c.challenge_id;
-- name: learning detail: totals (LearningDetailService.of)
SELECT (SELECT coalesce(sum(points_earned), 0) FROM progress WHERE user_id = $student_id), (SELECT count(*) FROM progress WHERE user_id = $student_id),
       (SELECT count(*) FROM attempts WHERE user_id = $student_id), (SELECT count(*) FROM attempts WHERE user_id = $student_id AND is_correct),
       (SELECT count(*) FROM hints WHERE user_id = $student_id);
-- name: learning detail: recent activity (LearningDetailService.of)
(SELECT 'attempt' AS kind, a.unit_id, a.challenge_id, a.custom_challenge_id, coalesce(c.title, cc.title, 'Unknown') AS title, a.attempted_at AS at, a.is_correct, 0 AS level, a.id
 FROM attempts a LEFT JOIN challenges c ON c.unit_id = a.unit_id AND c.challenge_id = a.challenge_id LEFT JOIN custom_challenges cc ON cc.id = a.custom_challenge_id
 WHERE a.user_id = $student_id ORDER BY a.attempted_at DESC, a.id DESC LIMIT 10)
UNION ALL
(SELECT 'hint', h.unit_id, h.challenge_id, h.custom_challenge_id, coalesce(c.title, cc.title, 'Unknown'), h.accessed_at, false, h.hint_level, h.id
 FROM hints h LEFT JOIN challenges c ON c.unit_id = h.unit_id AND c.challenge_id = h.challenge_id LEFT JOIN custom_challenges cc ON cc.id = h.custom_challenge_id
 WHERE h.user_id = $student_id ORDER BY h.accessed_at DESC, h.id DESC LIMIT 10)
ORDER BY at DESC, kind, id DESC LIMIT 10;
SQL
echo "EXPLAIN (ANALYZE, BUFFERS) of each query..."
summary=()
{
  echo "# EXPLAIN (ANALYZE, BUFFERS) at $actual progress rows, $students students, $(psql -XAtq -d "$db" -c 'SELECT count(*) FROM attempts') attempts"
  echo "# $(date -u +%F), $(psql -XAtq -d "$db" -c 'SHOW server_version'), $(nproc) cores; shared_buffers $(psql -XAtq -d "$db" -c 'SHOW shared_buffers'),"
  echo "# work_mem $(psql -XAtq -d "$db" -c 'SHOW work_mem'); each query run once before (warm cache). Written by bench/scale.sh."
} >"$explain_file"
# One query per "-- name:" block; each is run once to warm the cache, then explained.
python3 - "$work/queries.sql" "$work/query-" <<'PY'
import sys
blocks = open(sys.argv[1]).read().split("-- name: ")[1:]
for i, block in enumerate(blocks):
    name, sql = block.split("\n", 1)
    open(f"{sys.argv[2]}{i:02d}.name", "w").write(name.strip())
    open(f"{sys.argv[2]}{i:02d}.sql", "w").write(sql.strip().rstrip(";"))
PY
for file in "$work"/query-*.sql; do
  name="$(cat "${file%.sql}.name")"
  sql="$(cat "$file")"
  psql -Xq -d "$db" -c "$sql" >/dev/null
  plan="$(psql -XAtq -d "$db" -c "EXPLAIN (ANALYZE, BUFFERS) $sql")"
  printf '\n== %s\n%s\n%s\n' "$name" "$sql" "$plan" >>"$explain_file"
  exec_time="$(sed -n 's/^Execution Time: \([0-9.]*\) ms/\1/p' <<<"$plan")"
  scans="$(grep -oE '(Parallel )?(Seq Scan|Index Only Scan|Index Scan|Bitmap Heap Scan)( Backward)?( using [a-z_]+)? on (progress|users|attempts|hints|user_points|users_by_points|user_counts|challenge_stats|custom_challenge_stats|week_stats|points_distribution)' <<<"$plan" |
    sed -E 's/ on (progress|users|attempts|hints|user_points)$/ on \1/; s/Parallel //' | sort | uniq -c | awk '{ n = $1; $1 = ""; sub(/^ /, ""); print (n > 1 ? n "× " : "") $0 }' | paste -sd ';' | sed 's/;/; /g')"
  summary+=("$name$t$exec_time$t${scans:-no scan of these tables}")
done

# --- Results ---------------------------------------------------------------------------------------------
report() {
  echo "Scale ($(nproc) cores; one database grown step by step; students with 7 completions, 1.25 attempts per completion)"
  echo
  echo "| progress rows | backup wall s | backup in-process s | backup MiB | leaderboard SQL ms | GET /leaderboard ms | GET /progress/me ms | GET /challenges ms | GET /users ms | GET /reports/weekly ms | GET /analytics/class ms |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows_out[@]}" | md_rows
  echo
  echo "API latencies: hyperfine median of $runs curl runs after 1 warm-up (curl's own start included, ~5 ms); SQL: EXPLAIN ANALYZE execution time, median of 5."
  echo "Service RSS after all runs: $rss_after MiB."
  echo
  echo "Queries at $actual progress rows (full plans: $explain_file)"
  echo
  echo "| query | execution ms | scans of progress/users/attempts/hints and the derived tables |"
  echo "|---|---|---|"
  printf '%s\n' "${summary[@]}" | md_rows
}
echo
if $quick; then report; else report | tee bench/results/scale.md; fi
