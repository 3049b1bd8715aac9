#!/usr/bin/env bash
# The soak run: the sandbox portal's backend (backend :7207, fresh SQLite under .data/soak) on a freshly
# seeded sandbox of its own (:4597), scanning every two minutes, watched for SOAK_MINUTES (default 120) by
# packages/sandbox/src/soak/soak.ts, which checks after each scan that every table was read and that the
# discovered entities hold. Its figures for a run of two hours are in docs/sandbox.md.
#
#   ./scripts/soak.sh            # two hours
#   SOAK_MINUTES=10 ./scripts/soak.sh
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
source "$ROOT/scripts/sandbox.sh"
cd "$ROOT"

ensure_dependencies || exit 1
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

export SANDBOX_PORT="${SOAK_SANDBOX_PORT:-4597}"
export SANDBOX_GITOPS_PORT="${SOAK_GITOPS_PORT:-4598}"
start_sandbox_stack .data/soak || exit 1

echo "==> Starting the portal's backend for the soak run (log: .data/soak/backend.log)"
# Run once, not watched: a soak measures one process's life, which a restart on a file change would cut short.
setsid bash -c "source '$ROOT/scripts/toolchain.sh'; cd '$ROOT/packages/backend'; NODE_ENV=development exec node --require @backstage/cli/config/nodeTransform.cjs \
  src/index.ts --config '$ROOT/app-config.yaml' --config '$ROOT/app-config.sandbox.yaml' --config '$ROOT/app-config.soak.yaml'" \
  >.data/soak/backend.log 2>&1 &
PIDS+=("$!")
wait_until_ready http://localhost:7207 .data/soak/backend.log || exit 1

SANDBOX_ENDPOINT="http://127.0.0.1:$SANDBOX_PORT" SOAK_BACKEND_URL=http://localhost:7207 yarn workspace @internal/sandbox soak
