#!/usr/bin/env bash
# Dott's load benchmarks, each against a ceiling measured in the same run on the same machine:
#
#   1. GET /api/v1/orgs/{org}/events (an unfiltered first page of 50 events, data of 100
#      organizations x 1,000 events) with wrk, against pgbench running the same transaction
#      on the same database under the same row-level security: BEGIN READ ONLY, the tenant's
#      transaction-local settings, the list statement the store runs, COMMIT.
#   2. GET /healthz with wrk, against nginx answering the same body from its configuration.
#
# Usage: bench/run.sh [BUILD_DIR]   (make bench builds everything first and calls this)
# Everything runs on loopback and a private PostgreSQL cluster under BUILD_DIR/bench-var,
# reached through its Unix socket; all of it is stopped and removed at the end.
#
# Environment: DOTT_BENCH_SECONDS (each measured load step, default 10), DOTT_BENCH_ROUNDS (how
# many times the ceiling and the server take turns, default 2), DOTT_BENCH_CONNECTIONS
# (wrk connections, default 64), DOTT_DB_POOL_SIZE (the server's database connections and the
# number of pgbench clients, default 8), DOTT_BENCH_BINARY (another dott binary to measure, such
# as a build of an earlier commit, to compare variants), DOTT_BENCH_KEEP=1 to keep
# BUILD_DIR/bench-var.
# Exits 1 when a target is missed.
set -euo pipefail

build=$(cd "${1:-build}" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
dott=${DOTT_BENCH_BINARY:-$build/src/app/dott}
script_writer=$build/bench/pgbench_script
work=$build/bench-var
seconds=${DOTT_BENCH_SECONDS:-10}
rounds=${DOTT_BENCH_ROUNDS:-2}
connections=${DOTT_BENCH_CONNECTIONS:-64}
pool_size=${DOTT_DB_POOL_SIZE:-8}

# Targets.
list_min_ratio=0.6
list_max_p99_ms=15
healthz_min_ratio=0.5

for program in wrk pgbench psql nginx "$dott" "$script_writer"; do
    command -v "$program" >/dev/null || {
        echo "bench: $program is missing (scripts/install-deps.sh bench, then make bench)" >&2
        exit 1
    }
done

server_pid=""
nginx_pid=""
stop_all() {
    [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    [[ -n "$nginx_pid" ]] && kill -QUIT "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
    if [[ -d "$work/pg" ]]; then
        DOTT_VAR_DIR=$work "$dott" db stop >/dev/null 2>&1 || true
    fi
    if [[ "${DOTT_BENCH_KEEP:-0}" != 1 ]]; then
        rm -rf "$work"
    fi
}
trap stop_all EXIT

# A fresh cluster every run, so that every run measures the same rows.
if [[ -d "$work/pg" ]]; then
    DOTT_VAR_DIR=$work "$dott" db stop >/dev/null 2>&1 || true
fi
rm -rf "$work"
mkdir -p "$work"

echo "== machine"
echo "cpu: $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo), $(nproc) cores;" \
    "memory: $(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== database: 100 organizations x 1,000 events"
DOTT_VAR_DIR=$work "$dott" db start >/dev/null
DOTT_VAR_DIR=$work "$dott" migrate >/dev/null
socket_dir=$work/pg/run
app_url="host=$socket_dir dbname=dott user=dott_app"
owner_url="host=$socket_dir dbname=dott user=dott_owner"
token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
psql -q -X "$owner_url" -v token="$token" -f "$root/bench/seed.sql"
org=$(psql -tAX "$owner_url" -c "select md5('dott-bench-org-1')::uuid")
user=$(psql -tAX "$owner_url" -c "select md5('dott-bench-user')::uuid")

echo "== server and nginx on loopback"
DATABASE_URL=$app_url DOTT_ADDRESS=127.0.0.1 DOTT_PORT=0 DOTT_LOG_FORMAT=json \
    DOTT_DB_POOL_SIZE=$pool_size "$dott" serve --no-demo >"$work/dott.out" 2>"$work/dott.log" &
server_pid=$!
for _ in $(seq 100); do
    grep -q "Dott is serving" "$work/dott.out" 2>/dev/null && break
    sleep 0.1
done
dott_url=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/dott.out" | head -1)
[[ -n "$dott_url" ]] || { echo "bench: the server did not start; see $work/dott.log" >&2; exit 1; }

# The first port from 18400 on that nothing answers on. Every path nginx writes is under the
# work directory, so it runs as any user, beside (not instead of) a system nginx.
nginx_port=18400
while (exec 3<>"/dev/tcp/127.0.0.1/$nginx_port") 2>/dev/null; do
    nginx_port=$((nginx_port + 1))
done
mkdir -p "$work/nginx/tmp"
cat >"$work/nginx/nginx.conf" <<EOF
daemon off;
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/nginx/tmp/body;
    proxy_temp_path $work/nginx/tmp/proxy;
    fastcgi_temp_path $work/nginx/tmp/fastcgi;
    uwsgi_temp_path $work/nginx/tmp/uwsgi;
    scgi_temp_path $work/nginx/tmp/scgi;
    server {
        listen 127.0.0.1:$nginx_port;
        location = /healthz {
            default_type application/json;
            return 200 '{"status":"ok"}';
        }
    }
}
EOF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" &
nginx_pid=$!
for _ in $(seq 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$nginx_port") 2>/dev/null && break
    sleep 0.1
done

list_url="$dott_url/api/v1/orgs/$org/events"
cookie="Cookie: dott_session=$token"
status=$(curl -s -o "$work/first_page.json" -w '%{http_code}' -H "$cookie" "$list_url")
events=$(grep -o '"id":"' "$work/first_page.json" | wc -l)
if [[ "$status" != 200 || "$events" != 50 ]]; then
    echo "bench: the list answered $status with $events events; see $work/dott.log" >&2
    exit 1
fi

# Numbers out of wrk's and pgbench's reports.
wrk_rate() { awk '/^Requests\/sec:/ {print $2}' "$1"; }
wrk_p99_ms() {
    awk '$1 == "99%" {
        v = $2
        if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v) }
        else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }
        printf "%.2f", v
    }' "$1"
}
wrk_errors() {
    awk '/Non-2xx or 3xx responses:/ {n += $NF}
         /Socket errors:/ {gsub(",", ""); n += $4 + $6 + $8 + $10}
         END {print n + 0}' "$1"
}
pgbench_tps() { awk '/^tps = / {print $3}' "$1"; }
pgbench_failed() { awk '/number of failed transactions:/ {n = $5} END {print n + 0}' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}'; }
at_least() { awk -v a="$1" -v b="$2" 'BEGIN {exit !(a >= b)}'; }

run_pgbench() {
    local mode=$1 out=$2
    "$script_writer" "$mode" >"$work/list_$mode.sql"
    pgbench -n -M prepared -c "$pool_size" -j 2 -T "$seconds" -D org="$org" -D user="$user" \
        -D limit=51 -f "$work/list_$mode.sql" "$app_url" >"$out" 2>&1
}
run_wrk() {
    local duration=$1 url=$2 out=$3
    shift 3
    wrk -t 2 -c "$connections" -d "${duration}s" --latency "$@" "$url" >"$out" 2>&1
}

verdicts=()
verdict() { verdicts+=("$1"); [[ "$1" == PASS ]]; }

best() { sort -g | tail -1; }

# The machine is shared, so the ceiling and the server take turns, round after round, and each
# keeps its best round: a burst of someone else's work then hurts one round, not the verdict.
echo "== portfolio list: $rounds rounds of ${seconds}s per step"
run_wrk 3 "$list_url" "$work/wrk_list_warmup.txt" -H "$cookie"
for round in $(seq "$rounds"); do
    run_pgbench pipeline "$work/pgbench_pipeline_$round.txt"
    run_pgbench one-by-one "$work/pgbench_one_by_one_$round.txt"
    run_wrk "$seconds" "$list_url" "$work/wrk_list_$round.txt" -H "$cookie"
    printf 'round %d: pgbench pipelined %6.0f tps, one by one %6.0f tps;' "$round" \
        "$(pgbench_tps "$work/pgbench_pipeline_$round.txt")" \
        "$(pgbench_tps "$work/pgbench_one_by_one_$round.txt")"
    printf ' API %6.0f req/s, p99 %s ms\n' \
        "$(wrk_rate "$work/wrk_list_$round.txt")" "$(wrk_p99_ms "$work/wrk_list_$round.txt")"
done

ceiling=$(for f in "$work"/pgbench_pipeline_*.txt; do pgbench_tps "$f"; done | best)
if ! at_least "$ceiling" 1; then
    echo "bench: pgbench could not run the ceiling's script:" >&2
    grep -m 3 error "$work"/pgbench_pipeline_1.txt >&2
    exit 1
fi
one_by_one=$(for f in "$work"/pgbench_one_by_one_*.txt; do pgbench_tps "$f"; done | best)
failed=$(for f in "$work"/pgbench_*.txt; do pgbench_failed "$f"; done |
    awk '{n += $1} END {print n + 0}')
best_list=$(for f in "$work"/wrk_list_[0-9]*.txt; do echo "$(wrk_rate "$f") $f"; done | sort -g |
    tail -1 | cut -d' ' -f2)
list_rate=$(wrk_rate "$best_list")
list_p99=$(wrk_p99_ms "$best_list")
list_errors=$(for f in "$work"/wrk_list_[0-9]*.txt; do wrk_errors "$f"; done |
    awk '{n += $1} END {print n + 0}')
list_ratio=$(ratio "$list_rate" "$ceiling")
printf 'pgbench, pipelined (the ceiling): %8.0f tps, %d failed\n' "$ceiling" "$failed"
printf 'pgbench, one statement at a time: %8.0f tps (%s of the ceiling)\n' "$one_by_one" \
    "$(ratio "$one_by_one" "$ceiling")"
printf 'API, %d connections:             %8.0f req/s, p99 %s ms, %d errors\n' "$connections" \
    "$list_rate" "$list_p99" "$list_errors"
list_ok=PASS
at_least "$list_ratio" "$list_min_ratio" || list_ok=FAIL
at_least "$list_max_p99_ms" "$list_p99" || list_ok=FAIL
[[ "$list_errors" == 0 && "$failed" == 0 ]] || list_ok=FAIL
echo "ratio list / pgbench ceiling = $list_ratio (target >= $list_min_ratio," \
    "p99 < $list_max_p99_ms ms, no errors): $list_ok"
verdict "$list_ok" || true

echo "== /healthz: $rounds rounds of ${seconds}s per step"
nginx_url="http://127.0.0.1:$nginx_port/healthz"
run_wrk 2 "$nginx_url" "$work/wrk_nginx_warmup.txt"
run_wrk 2 "$dott_url/healthz" "$work/wrk_healthz_warmup.txt"
for round in $(seq "$rounds"); do
    run_wrk "$seconds" "$nginx_url" "$work/wrk_nginx_$round.txt"
    run_wrk "$seconds" "$dott_url/healthz" "$work/wrk_healthz_$round.txt"
    printf 'round %d: nginx %6.0f req/s; Dott %6.0f req/s, p99 %s ms\n' "$round" \
        "$(wrk_rate "$work/wrk_nginx_$round.txt")" "$(wrk_rate "$work/wrk_healthz_$round.txt")" \
        "$(wrk_p99_ms "$work/wrk_healthz_$round.txt")"
done
nginx_rate=$(for f in "$work"/wrk_nginx_[0-9]*.txt; do wrk_rate "$f"; done | best)
healthz_rate=$(for f in "$work"/wrk_healthz_[0-9]*.txt; do wrk_rate "$f"; done | best)
healthz_errors=$(for f in "$work"/wrk_healthz_[0-9]*.txt; do wrk_errors "$f"; done |
    awk '{n += $1} END {print n + 0}')
healthz_ratio=$(ratio "$healthz_rate" "$nginx_rate")
printf 'nginx, static (the ceiling):      %8.0f req/s\n' "$nginx_rate"
printf 'Dott /healthz:                    %8.0f req/s, %d errors\n' "$healthz_rate" \
    "$healthz_errors"
healthz_ok=PASS
at_least "$healthz_ratio" "$healthz_min_ratio" || healthz_ok=FAIL
[[ "$healthz_errors" == 0 ]] || healthz_ok=FAIL
echo "ratio healthz / nginx = $healthz_ratio (target >= $healthz_min_ratio, no errors): $healthz_ok"
verdict "$healthz_ok" || true

echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
[[ " ${verdicts[*]} " != *" FAIL "* ]]
