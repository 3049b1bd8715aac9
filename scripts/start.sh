#!/usr/bin/env bash
# Starts the portal on its embedded default: SQLite and the local AWS sandbox seeded with the demo fleet.
# App on http://localhost:3000, backend on http://localhost:7007, sandbox on 127.0.0.1:${SANDBOX_PORT:-4566}.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
source "$ROOT/scripts/sandbox.sh"
cd "$ROOT"

ensure_dependencies
export SANDBOX_PORT="${SANDBOX_PORT:-4566}"
# integration-aws-node builds its own STS client: the SDK's standard variable sends AssumeRole to the sandbox.
export AWS_ENDPOINT_URL_STS="http://127.0.0.1:$SANDBOX_PORT"
mkdir -p .data/sqlite
export SANDBOX_GITOPS_PORT="${SANDBOX_GITOPS_PORT:-4580}"
export SANDBOX_GENERATED_DIR="${SANDBOX_GENERATED_DIR:-$ROOT/sandbox/generated}"
started=()
trap 'for pid in "${started[@]}"; do kill "$pid" 2>/dev/null || true; done' EXIT
start_sandbox "$SANDBOX_PORT" .data/moto.log
[ -n "$STARTED_SANDBOX_PID" ] && started+=("$STARTED_SANDBOX_PID")
seed_sandbox "$SANDBOX_PORT"
start_gitops_server "$SANDBOX_GITOPS_PORT" "$SANDBOX_GENERATED_DIR/gitops" .data/gitops.log
[ -n "$STARTED_GITOPS_PID" ] && started+=("$STARTED_GITOPS_PID")
if ensure_cue && ensure_kro; then
  start_reconciler "$SANDBOX_PORT" .data/reconciler.log
  started+=("$STARTED_RECONCILER_PID")
  echo "==> The sandbox reconciler applies commits of $SANDBOX_GENERATED_DIR/gitops (log: .data/reconciler.log)"
else
  echo "==> Without cue and kro-render the sandbox reconciler is off: tables created from the form will not appear in the sandbox" >&2
fi

echo "==> Starting Backstage: app http://localhost:3000, backend http://localhost:7007"
yarn backstage-cli repo start --config "$ROOT/app-config.yaml" --config "$ROOT/app-config.sandbox.yaml" "$@"
