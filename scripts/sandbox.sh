# Sourced by the project's scripts: the moto server that stands in for AWS.

# Makes sure moto can run: the machine's copy, or moto installed into .tools/moto-venv. Sets MOTO_SERVER
# (moto's own server command) and MOTO_PYTHON (the Python that has moto, which runs sandbox/moto_server.py).
ensure_moto() {
  if command -v moto_server >/dev/null 2>&1 && moto_server --help >/dev/null 2>&1; then
    MOTO_SERVER="$(command -v moto_server)"
    MOTO_PYTHON="$(moto_python "$MOTO_SERVER")" && return 0
  fi
  if [ ! -x "$ROOT/.tools/moto-venv/bin/moto_server" ]; then
    echo "==> Installing moto into .tools/moto-venv"
    python3 -m venv "$ROOT/.tools/moto-venv"
    "$ROOT/.tools/moto-venv/bin/pip" install --quiet 'moto[server]==5.2.1'
  fi
  MOTO_SERVER="$ROOT/.tools/moto-venv/bin/moto_server"
  MOTO_PYTHON="$ROOT/.tools/moto-venv/bin/python"
}

# moto_python MOTO_SERVER: prints the Python that imports moto: the interpreter moto_server's first line
# names (pip's scripts), else python3 (a pyenv shim, or moto installed for the default Python).
moto_python() {
  local first candidate
  first="$(head -1 "$1" 2>/dev/null)"
  case "$first" in
    '#!/usr/bin/env '*python*) first="${first#'#!/usr/bin/env '}" ;;
    '#!'*python*) first="${first#'#!'}" ;;
    *) first="" ;;
  esac
  for candidate in ${first%% *} python3; do
    candidate="$(command -v "$candidate")" || continue
    if "$candidate" -c 'import moto.server' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

# sandbox_organization_accounts: "name=id,..." for the accounts of the demo fleet (FLEET_FILE, default
# sandbox/demo-fleet.yaml): the ids sandbox/moto_server.py gives them when the seed creates them.
sandbox_organization_accounts() {
  "$MOTO_PYTHON" -c 'import sys, yaml
fleet = yaml.safe_load(open(sys.argv[1]))
print(",".join(str(a["name"]) + "=" + str(a["id"]) for a in fleet["accounts"]))' "${FLEET_FILE:-$ROOT/sandbox/demo-fleet.yaml}"
}

sandbox_up() { curl -sf -o /dev/null "http://127.0.0.1:$1/moto-api/" 2>/dev/null; }

# start_sandbox PORT LOGFILE: starts moto on 127.0.0.1:PORT unless something already answers there.
# Sets STARTED_SANDBOX_PID to the pid of the server it started (empty when it reused one).
start_sandbox() {
  local port="$1" log="$2"
  STARTED_SANDBOX_PID=""
  if sandbox_up "$port"; then
    echo "==> Reusing the AWS sandbox already listening on 127.0.0.1:$port"
    return 0
  fi
  echo "==> Starting the AWS sandbox (moto) on 127.0.0.1:$port"
  # moto's request recorder (tests count AWS requests with it) writes beside the log, not into the tree.
  MOTO_RECORDER_FILEPATH="$(dirname "$log")/moto-recording-$port" \
    "$ROOT/scripts/moto-server" -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
  STARTED_SANDBOX_PID=$!
  for _ in $(seq 1 60); do
    sandbox_up "$port" && return 0
    sleep 0.5
  done
  echo "The AWS sandbox did not start; see $log" >&2
  return 1
}

# start_gitops_server PORT DIR LOGFILE: serves the sandbox GitOps repository read-only on 127.0.0.1:PORT.
# Sets STARTED_GITOPS_PID.
start_gitops_server() {
  local port="$1" dir="$2" log="$3"
  STARTED_GITOPS_PID=""
  if curl -sf -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; then
    echo "==> Reusing the GitOps file server on 127.0.0.1:$port"
    return 0
  fi
  mkdir -p "$dir"
  python3 -m http.server --bind 127.0.0.1 --directory "$dir" "$port" >"$log" 2>&1 &
  STARTED_GITOPS_PID=$!
  for _ in $(seq 1 40); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/" && return 0
    sleep 0.25
  done
  echo "The GitOps file server did not start; see $log" >&2
  return 1
}

# seed_sandbox PORT: creates the demo fleet (idempotent), its Applications in the GitOps repository and its
# catalog entities (under SANDBOX_GENERATED_DIR, default sandbox/generated).
seed_sandbox() {
  (cd "$ROOT/packages/sandbox" &&
    SANDBOX_ENDPOINT="http://127.0.0.1:$1" node --require @backstage/cli/config/nodeTransform.cjs src/cli.ts seed)
}

# start_reconciler PORT LOGFILE: applies the GitOps repository's Applications to the sandbox whenever it gets
# a commit (cue → kro RGD → ACK Table → CreateTable). Sets STARTED_RECONCILER_PID.
start_reconciler() {
  (cd "$ROOT/packages/sandbox" &&
    SANDBOX_ENDPOINT="http://127.0.0.1:$1" exec node --require @backstage/cli/config/nodeTransform.cjs src/cli.ts reconcile) >"$2" 2>&1 &
  STARTED_RECONCILER_PID=$!
}

# start_postgres: a throwaway PostgreSQL cluster on a free port for the store tests. Exports
# BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING and sets STARTED_PG_DIR (stop with stop_postgres).
start_postgres() {
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  if [ -z "$bin" ]; then
    echo "PostgreSQL is missing: apt-get install -y postgresql" >&2
    return 1
  fi
  local port dir as=()
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  dir="$(mktemp -d /tmp/dynamodb-encryption-pg.XXXXXX)"
  # PostgreSQL refuses to run as root: run it as the postgres user then.
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$dir"
    as=(runuser -u postgres --)
  fi
  "${as[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $dir" start >/dev/null || { cat "$dir/server.log" >&2; return 1; }
  STARTED_PG_DIR="$dir"
  STARTED_PG_BIN="$bin"
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="postgresql://postgres@127.0.0.1:$port"
  echo "==> PostgreSQL for the tests on 127.0.0.1:$port"
}

stop_postgres() {
  [ -n "${STARTED_PG_DIR:-}" ] || return 0
  local as=()
  [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
  "${as[@]}" "$STARTED_PG_BIN/pg_ctl" -D "$STARTED_PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$STARTED_PG_DIR"
}

# start_sandbox_stack DIR: a sandbox of a script's own (SANDBOX_PORT and SANDBOX_GITOPS_PORT set by the
# caller): the moto server, seeded with the demo fleet, and the GitOps file server, with a fresh DIR (logs,
# generated files, an empty sqlite/ for the portal). Points the AWS SDK's STS at the sandbox and appends the
# pids it started to the caller's PIDS.
start_sandbox_stack() {
  local dir="$1"
  export AWS_ENDPOINT_URL_STS="http://127.0.0.1:$SANDBOX_PORT"
  export SANDBOX_GENERATED_DIR="$ROOT/$dir/generated"
  rm -rf "$dir" && mkdir -p "$dir/sqlite"
  start_sandbox "$SANDBOX_PORT" "$dir/moto.log" || return 1
  PIDS+=("$STARTED_SANDBOX_PID")
  seed_sandbox "$SANDBOX_PORT" || return 1
  start_gitops_server "$SANDBOX_GITOPS_PORT" "$SANDBOX_GENERATED_DIR/gitops" "$dir/gitops.log" || return 1
  PIDS+=("$STARTED_GITOPS_PID")
}

# wait_until_ready URL LOG: waits up to four minutes for a backend's readiness; says why when it is not.
wait_until_ready() {
  for _ in $(seq 1 240); do
    curl -sf -o /dev/null "$1/.backstage/health/v1/readiness" && return 0
    sleep 1
  done
  echo "The backend did not become ready; last lines of its log:" >&2
  tail -40 "$2" >&2
  return 1
}
