#!/usr/bin/env bash
# Starts the portal on its embedded default: SQLite and the local AWS sandbox seeded with the demo fleet.
# App on http://localhost:3000, backend on http://localhost:7007, sandbox on 127.0.0.1:${SANDBOX_PORT:-4566}.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
source "$ROOT/scripts/sandbox.sh"
cd "$ROOT"

ensure_dependencies
export SANDBOX_PORT="${SANDBOX_PORT:-4566}"
mkdir -p .data/sqlite
start_sandbox "$SANDBOX_PORT" .data/moto.log
if [ -n "$STARTED_SANDBOX_PID" ]; then
  trap 'kill "$STARTED_SANDBOX_PID" 2>/dev/null || true' EXIT
fi
seed_sandbox "$SANDBOX_PORT"

echo "==> Starting Backstage: app http://localhost:3000, backend http://localhost:7007"
yarn backstage-cli repo start --config "$ROOT/app-config.yaml" --config "$ROOT/app-config.sandbox.yaml" "$@"
