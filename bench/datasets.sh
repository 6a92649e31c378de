#!/usr/bin/env bash
# Dataset uploads and teachers' queries through the packaged application's HTTP API: the time of an
# upload of the largest CSV the limits allow (10,000 rows x 50 columns), of creating a custom challenge
# whose expected query aggregates it, and the query plans of the teacher's lists on 2,000 datasets and
# 10,000 challenges (20 teachers) with 200,000 attempts.
# Usage: bench/datasets.sh [--quick | uploads]   (default 5, --quick 1; needs ./mvnw package -DskipTests and PostgreSQL on 127.0.0.1:5432)
uploads="${1:-5}"
[ "$uploads" = --quick ] && uploads=1
source "$(dirname "$0")/lib.sh" datasets
start_app

curl -fsS -H 'Content-Type: application/json' -d '{"email":"bench-teacher@example.com","name":"Bench","password":"bench-password-1","role":"teacher"}' \
  "$base/auth/register" >/dev/null
token="$(curl -fsS -H 'Content-Type: application/json' -d '{"email":"bench-teacher@example.com","password":"bench-password-1"}' \
  "$base/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')"

python3 - "$work/big.csv" <<'PY'
import random, sys
random.seed(1)
with open(sys.argv[1], "w") as out:
    out.write(",".join(f"c{i}" for i in range(50)) + "\n")
    for row in range(10_000):
        cells = []
        for i in range(50):
            kind = i % 3
            cells.append(str(random.randint(-10**6, 10**6)) if kind == 0 else
                         f"{random.random() * 1000:.4f}" if kind == 1 else
                         random.choice(["north", "south", "east", "west"]) + f" {row}")
        out.write(",".join(cells) + "\n")
PY
echo "CSV: $(wc -c <"$work/big.csv") bytes, 10000 rows, 50 columns"
for run in $(seq 1 "$uploads"); do
  curl -sS -o "$work/upload.json" -w "upload $run: %{http_code} in %{time_total} s\n" -H "Authorization: Bearer $token" \
    -F "file=@$work/big.csv;type=text/csv" -F "name=Big $run" "$base/datasets/upload"
done
dataset="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$work/upload.json")"
for run in 1 2 3; do
  curl -sS -o /dev/null -w "custom challenge $run (GROUP BY over 10,000 rows): %{http_code} in %{time_total} s\n" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"dataset_id\":$dataset,\"title\":\"Regions\",\"description\":\"Average per region\",\"expected_query\":\"SELECT split_part(c2, ' ', 1) AS region, avg(c1) AS average, count(*) FROM dataset_$dataset GROUP BY 1 ORDER BY 1\",\"hints\":[\"\",\"\",\"\"]}" \
    "$base/challenges/custom"
done
curl -sS -o /dev/null -w "timed-out query (pg_sleep past DATASET_QUERY_TIMEOUT): %{http_code} in %{time_total} s\n" \
  -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d "{\"dataset_id\":$dataset,\"title\":\"Slow\",\"description\":\"Slow\",\"expected_query\":\"SELECT pg_sleep(60)\",\"hints\":[\"\",\"\",\"\"]}" \
  "$base/challenges/custom"
echo "RSS after the uploads: $(rss_mib) MiB"

# Volume for the plans: 20 teachers with 100 datasets and 500 challenges each, 200,000 attempts.
psql -Xq -d "$db" <<'SQL'
INSERT INTO users (email, name, role, password_hash)
SELECT 'teacher' || g || '@example.com', 'Teacher ' || g, 'teacher', 'x' FROM generate_series(1, 20) g;
INSERT INTO users (email, name, role, password_hash)
SELECT 'student' || g || '@example.com', 'Student ' || g, 'student', 'x' FROM generate_series(1, 1000) g;
INSERT INTO datasets (teacher_id, name, original_filename, row_count, schema_json, created_at)
SELECT u.id, 'Data ' || g, 'data.csv', 0, '{"columns":[]}', now() - g * interval '1 minute'
FROM users u CROSS JOIN generate_series(1, 100) g WHERE u.email LIKE 'teacher%';
INSERT INTO custom_challenges (teacher_id, dataset_id, title, description, expected_query, hints, created_at)
SELECT d.teacher_id, d.id, 'Challenge ' || g, 'd', 'SELECT 1', '["","",""]', now() - g * interval '1 second'
FROM datasets d CROSS JOIN generate_series(1, 5) g WHERE d.name LIKE 'Data %';
INSERT INTO attempts (user_id, custom_challenge_id, query, is_correct)
SELECT (SELECT min(id) FROM users WHERE role = 'student') + (g % 1000), c.id, 'SELECT 1', g % 3 = 0
FROM custom_challenges c CROSS JOIN generate_series(1, 20) g WHERE c.title LIKE 'Challenge %';
VACUUM ANALYZE;
SQL
teacher_id="$(psql -XAtq -d "$db" -c "SELECT id FROM users WHERE email = 'teacher7@example.com'")"
for query in \
  "SELECT d.id, d.name, d.description, d.row_count, d.table_name, (SELECT count(*) FROM custom_challenges c WHERE c.dataset_id = d.id), d.created_at FROM datasets d WHERE d.teacher_id = $teacher_id ORDER BY d.created_at DESC, d.id DESC OFFSET 0 LIMIT 50" \
  "SELECT c.id, c.dataset_id, d.name, c.title, s.submissions, s.correct FROM custom_challenges c JOIN datasets d ON d.id = c.dataset_id CROSS JOIN LATERAL (SELECT count(*) AS submissions, count(*) FILTER (WHERE a.is_correct) AS correct FROM attempts a WHERE a.custom_challenge_id = c.id) s WHERE c.teacher_id = $teacher_id ORDER BY c.created_at DESC, c.id DESC OFFSET 0 LIMIT 50"; do
  echo "== $query"
  psql -Xq -d "$db" -c "EXPLAIN (ANALYZE, BUFFERS) $query" >/dev/null
  psql -Xq -d "$db" -c "EXPLAIN (ANALYZE, BUFFERS) $query"
done
