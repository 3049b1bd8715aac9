#!/usr/bin/env bash
# Runs every test: unit and sandbox-integration tests (Jest through backstage-cli, against a moto server
# started here on a port of its own), then the browser tests (Playwright in Debian's Chromium against a
# portal started here on ports of its own). Stops everything it started.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
source "$ROOT/scripts/sandbox.sh"
cd "$ROOT"

ensure_dependencies || exit 1
ensure_cue || exit 1
ensure_kro || exit 1
mkdir -p .data
PIDS=()
cleanup() {
  stop_postgres
  for pid in "${PIDS[@]}"; do
    # Backstage runs as a process group (app and backend); end the whole group it leads.
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

passed=0
failed=0
# The packages adopters install (their API reports are checked).
PUBLISHED_PACKAGES="$(ls -d plugins/*/ | sed 's#/$##' | tr '\n' ' ')"
count() { # count LOG: adds the "N passed" / "N failed" of a Jest or Playwright summary
  local p f
  p=$(grep -E '^(Tests:|  [0-9]+ passed)' "$1" | grep -oE '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
  f=$(grep -E '^(Tests:|  [0-9]+ failed)' "$1" | grep -oE '[0-9]+ failed' | awk '{s+=$1} END {print s+0}')
  passed=$((passed + p))
  failed=$((failed + f))
}
status=0

echo "==> Type check"
# Not incremental: the declarations, and the API reports made from them, come out as on a clean clone.
yarn tsc --incremental false || { status=1; failed=$((failed + 1)); }

echo "==> API reports (what adopters import: a change shows up in review)"
# The type check above wrote the declarations the reports are made from (dist-types).
yarn backstage-repo-tools api-reports -o ae-wrong-input-file-type,ae-undocumented --ci $PUBLISHED_PACKAGES ||
  { status=1; failed=$((failed + 1)); }

echo "==> Lint and formatting"
yarn backstage-cli repo lint || { status=1; failed=$((failed + 1)); }
yarn prettier --check . || { status=1; failed=$((failed + 1)); }

echo "==> Unit and sandbox-integration tests"
start_postgres || exit 1
ensure_moto || exit 1
# Tests that start and stop a sandbox of their own start it as the scripts do (the demo accounts' fixed ids).
export MOTO_SERVER="$ROOT/scripts/moto-server"
port=$(free_port)
start_sandbox "$port" .data/moto-test.log || exit 1
PIDS+=("$STARTED_SANDBOX_PID")
AWS_ENDPOINT_URL_STS="http://127.0.0.1:$port" SANDBOX_ENDPOINT="http://127.0.0.1:$port" CI=true yarn backstage-cli repo test 2>&1 | tee .data/jest.log
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
count .data/jest.log

if [ "${SKIP_E2E:-}" != "1" ]; then
  echo "==> Browser tests"
  if [ ! -x /usr/bin/chromium ]; then
    echo "Debian's Chromium is missing: apt-get install -y chromium" >&2
    exit 1
  fi
  "$ROOT/scripts/e2e.sh" 2>&1 | tee .data/e2e.log
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  count .data/e2e.log
fi

if [ "${SKIP_ADOPTER:-}" != "1" ]; then
  echo "==> Adopter check (the packages installed into a fresh Backstage app, as docs/install.md says)"
  "$ROOT/scripts/adopter-check.sh" 2>&1 | tee .data/adopter-check.log
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  count .data/adopter-check.log
fi

echo
echo "tests: $passed passed, $failed failed"
exit $status
