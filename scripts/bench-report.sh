#!/usr/bin/env bash
# Benchmark: the warm entity report against the catalog's by-name read of the same entity, 50 concurrent
# clients, in alternating rounds, in one run (packages/sandbox/src/bench/reportThroughput.ts). Prints
# requests/s, p50 and p99 of both and their ratios, and the load average at start and end: figures from a
# busy machine are not results.
#
# Against a backend of its own (ports below, a fresh SQLite under .data/bench) on a freshly seeded sandbox of
# its own, run once and not watched: a restart on a file change mid-run would count as failures and stalls.
# The run crosses every lifetime a warm report reuses several times: the report's cache lifetime is lowered
# for this backend to REPORT_TTL_SECONDS (default 20 s; 300 s in app-config), the catalog entity's (30 s) and
# the Application status's (5 s) are crossed by the run's length (BENCH_SECONDS of load per route, default 90).
#
#   ./scripts/bench-report.sh
#   BENCH_SECONDS=180 REPORT_TTL_SECONDS=30 ./scripts/bench-report.sh
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
source "$ROOT/scripts/sandbox.sh"
cd "$ROOT"

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

BACKEND_PORT="${BENCH_BACKEND_PORT:-7307}"
export SANDBOX_PORT="${BENCH_SANDBOX_PORT:-4607}"
export SANDBOX_GITOPS_PORT="${BENCH_GITOPS_PORT:-4608}"
export REPORT_TTL_SECONDS="${REPORT_TTL_SECONDS:-20}"
export CLIENTS="${CLIENTS:-50}" BENCH_SECONDS="${BENCH_SECONDS:-90}"
export BACKEND_URL="http://localhost:$BACKEND_PORT"
start_sandbox_stack .data/bench || exit 1

echo "==> Starting the portal's backend for the benchmark (log: .data/bench/backend.log)"
# Backstage reads APP_CONFIG_* variables as config: this backend's port, database and report cache lifetime.
setsid env \
  APP_CONFIG_backend_baseUrl="$BACKEND_URL" \
  APP_CONFIG_backend_listen_port="$BACKEND_PORT" \
  APP_CONFIG_backend_database_connection_directory=../../.data/bench/sqlite \
  APP_CONFIG_dynamodbEncryption_cache_ttlSeconds="$REPORT_TTL_SECONDS" \
  bash -c "source '$ROOT/scripts/toolchain.sh'; cd '$ROOT/packages/backend'; NODE_ENV=development exec node \
  --require @backstage/cli/config/nodeTransform.cjs src/index.ts \
  --config '$ROOT/app-config.yaml' --config '$ROOT/app-config.sandbox.yaml'" \
  >.data/bench/backend.log 2>&1 &
PIDS+=("$!")
wait_until_ready "$BACKEND_URL" .data/bench/backend.log || exit 1

# The catalog ingests the demo fleet shortly after start; a fleet scan gives the report its fleet context.
token=$(curl -sf "$BACKEND_URL/api/auth/guest/refresh" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).backstageIdentity.token))')
auth=(-H "Authorization: Bearer $token")
for _ in $(seq 1 120); do
  curl -sf -o /dev/null "${auth[@]}" "$BACKEND_URL/api/catalog/entities/by-name/resource/default/${BENCH_ENTITY:-order-items}" && break
  sleep 1
done
curl -sf -X POST "${auth[@]}" "$BACKEND_URL/api/dynamodb-encryption/fleet/scans" >/dev/null
for _ in $(seq 1 120); do
  curl -sf "${auth[@]}" "$BACKEND_URL/api/dynamodb-encryption/fleet/scans/latest" | grep -q '"status":"complete"' && break
  sleep 1
done

node --require @backstage/cli/config/nodeTransform.cjs packages/sandbox/src/bench/reportThroughput.ts
