#!/usr/bin/env bash
# Browser tests: a portal of its own (app :3100, backend :7107, fresh SQLite) on a freshly seeded sandbox,
# driven by Playwright in Debian's Chromium.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
source "$ROOT/scripts/sandbox.sh"
cd "$ROOT"

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

export SANDBOX_PORT="${E2E_SANDBOX_PORT:-4577}"
export SANDBOX_GITOPS_PORT="${E2E_GITOPS_PORT:-4587}"
# The sandbox's STS too: integration-aws-node builds its own STS client.
start_sandbox_stack .data/e2e || exit 1
ensure_cue || exit 1
ensure_kro || exit 1
start_reconciler "$SANDBOX_PORT" .data/e2e/reconciler.log
PIDS+=("$STARTED_RECONCILER_PID")

echo "==> Starting the portal for browser tests (log: .data/e2e/portal.log)"
setsid bash -c "source '$ROOT/scripts/toolchain.sh'; cd '$ROOT'; yarn backstage-cli repo start \
  --config '$ROOT/app-config.yaml' --config '$ROOT/app-config.sandbox.yaml' --config '$ROOT/app-config.e2e.yaml'" \
  >.data/e2e/portal.log 2>&1 &
PIDS+=("$!")

for _ in $(seq 1 240); do
  if curl -sf -o /dev/null http://localhost:7107/.backstage/health/v1/readiness && curl -sf -o /dev/null http://localhost:3100; then
    break
  fi
  sleep 1
done
if ! curl -sf -o /dev/null http://localhost:7107/.backstage/health/v1/readiness; then
  echo "The portal did not become ready; last lines of its log:" >&2
  tail -40 .data/e2e/portal.log >&2
  exit 1
fi

# The catalog ingests the demo fleet shortly after start; the tests begin once it has.
token=$(curl -sf http://localhost:7107/api/auth/guest/refresh | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).backstageIdentity.token))')
for _ in $(seq 1 120); do
  curl -sf -o /dev/null -H "Authorization: Bearer $token" http://localhost:7107/api/catalog/entities/by-name/resource/default/legacy-ledger &&
    curl -sf -o /dev/null -H "Authorization: Bearer $token" http://localhost:7107/api/catalog/entities/by-name/component/default/payments-service && break
  sleep 1
done

export PLAYWRIGHT_URL=http://localhost:3100 BACKEND_URL=http://localhost:7107 GITOPS_DIR="$SANDBOX_GENERATED_DIR/gitops" GITOPS_URL="http://127.0.0.1:$SANDBOX_GITOPS_PORT"
if [ -n "${E2E_COMMAND:-}" ]; then
  # A benchmark run against this portal instead of the tests (scripts/bench-dashboard.sh).
  curl -sf -X POST -H "Authorization: Bearer $token" http://localhost:7107/api/dynamodb-encryption/fleet/scans >/dev/null
  for _ in $(seq 1 120); do
    curl -sf -H "Authorization: Bearer $token" http://localhost:7107/api/dynamodb-encryption/fleet/scans/latest | grep -q '"status":"complete"' && break
    sleep 1
  done
  eval "$E2E_COMMAND"
else
  yarn playwright test "$@"
fi
