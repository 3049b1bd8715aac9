#!/usr/bin/env bash
# Benchmark: the fleet dashboard's first render at the demo fleet and at 10,000 tables, in one run, in Debian's
# Chromium, against a portal of its own (the browser tests' ports and a fresh SQLite). Prints times and ratio.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$ROOT"
E2E_COMMAND="node --require @backstage/cli/config/nodeTransform.cjs plugins/dynamodb-encryption-backend/dev/bench/dashboardRender.ts" \
  FLEET_SQLITE_FILE="$ROOT/.data/e2e/sqlite/dynamodb-encryption.sqlite" ./scripts/e2e.sh
