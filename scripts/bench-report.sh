#!/usr/bin/env bash
# Benchmark: warm entity report throughput against the catalog's by-name read of the same entity, in one run,
# against a portal of its own (the browser tests' ports, a fresh SQLite and sandbox). Prints requests/s, p95
# and their ratios.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$ROOT"
E2E_COMMAND="node --require @backstage/cli/config/nodeTransform.cjs packages/sandbox/src/bench/reportThroughput.ts" \
  ./scripts/e2e.sh
