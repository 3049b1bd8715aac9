#!/usr/bin/env bash
# Adopter check: installs the published packages (plugins/*) into a fresh Backstage app exactly as an adopter
# would, and drives it in a browser.
#  1. builds and packs every package under plugins/ into tarballs;
#  2. publishes them to a throwaway local registry (verdaccio) that serves only @dynamodb-encryption/*;
#  3. starts a sandbox seeded with the demo fleet;
#  4. for each frontend system (ADOPTER_FRONTENDS, default "new legacy"): creates an app with
#     @backstage/create-app for backstage.json's release (`--legacy` for the legacy one) and installs it (cached
#     under .data/adopter/, keyed by create-app's version; each run works on a copy outside the repository, so
#     nothing resolves from the repository's own node_modules); follows docs/install.md
#     (scripts/adopter/follow-docs.mjs runs its commands and applies its code and config, and for the legacy app
#     the frontend README's components), with the app's .yarnrc.yml pointing the scope at the local registry;
#     points the app at the sandbox, starts it on free ports and runs scripts/adopter/*.spec.ts in Debian's
#     Chromium.
# Prints each phase's time and `adopter: N passed, M failed`; exits non-zero on any failure.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
source "$ROOT/scripts/sandbox.sh"
cd "$ROOT"

VERDACCIO_VERSION=6.10.4
# The @backstage/create-app version that makes an app of each Backstage release (the release its template
# writes into backstage.json, which the script checks).
declare -A CREATE_APP_FOR_RELEASE=([1.55.0]=0.9.2)
SCOPE=dynamodb-encryption

WORK="$(mktemp -d "${TMPDIR:-/tmp}/adopter-check.XXXXXX")"
APP=""
PIDS=()
TIMINGS=()
PHASE=""
PHASE_START=0
passed=0
failed=0
setup_failed=""

end_phase() {
  [ -n "$PHASE" ] && TIMINGS+=("$(printf '%5ss  %s' $(($(date +%s) - PHASE_START)) "$PHASE")")
  PHASE=""
}
phase() {
  end_phase
  PHASE="$1"
  PHASE_START=$(date +%s)
  echo "==> [adopter] $1"
}
cleanup() {
  local status=$?
  end_phase
  for pid in "${PIDS[@]}"; do
    # The app and the registry run as process groups (setsid); end the whole group each leads.
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  done
  sleep 1
  rm -rf "$WORK"
  [ -n "$APP" ] && rm -rf "$APP"
  echo
  if [ "${#TIMINGS[@]}" -gt 0 ]; then
    echo "Adopter check, time per phase:"
    printf '  %s\n' "${TIMINGS[@]}"
  fi
  if [ -n "$setup_failed" ]; then
    echo "Failed in: $setup_failed"
    failed=$((failed + 1))
    echo "  1 failed" # in the Playwright summary's style, so that a test run counts it
  fi
  echo "adopter: $passed passed, $failed failed"
  [ "$failed" -eq 0 ] && [ "$status" -eq 0 ] && exit 0
  exit 1
}
trap cleanup EXIT
die() {
  echo "adopter-check: $*" >&2
  setup_failed="${PHASE:-preflight}"
  exit 1
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() { # wait_for SECONDS COMMAND...: until the command succeeds
  local n="$1"
  shift
  for _ in $(seq 1 "$n"); do
    "$@" && return 0
    sleep 1
  done
  return 1
}

release="$(node -p 'require("./backstage.json").version')"
CREATE_APP_VERSION="${CREATE_APP_FOR_RELEASE[$release]:-}"
[ -n "$CREATE_APP_VERSION" ] ||
  die "backstage.json names Backstage $release, which CREATE_APP_FOR_RELEASE in $0 does not map to a @backstage/create-app version; add it"

FRONTENDS="${ADOPTER_FRONTENDS:-new legacy}"
for frontend in $FRONTENDS; do
  case "$frontend" in
    new | legacy) ;;
    *) die "ADOPTER_FRONTENDS: \"$frontend\" is neither new nor legacy" ;;
  esac
done

phase "build and pack the packages"
ensure_dependencies || die "yarn install failed"
# The packages' .d.ts files are bundled from the type check's declarations (dist-types).
yarn tsc || die "the type check failed"
mkdir -p "$WORK/packs"
packages=()
for dir in plugins/*/; do
  [ -f "$dir/package.json" ] || continue
  packages+=("$(node -p "require('./$dir/package.json').name")")
  (cd "$dir" && yarn backstage-cli package build && yarn pack --out "$WORK/packs/%s-%v.tgz") >"$WORK/pack.log" 2>&1 ||
    { cat "$WORK/pack.log" >&2; die "building or packing $dir failed"; }
done
[ "$(ls "$WORK/packs" | wc -l)" -eq "${#packages[@]}" ] || die "expected ${#packages[@]} tarballs in $WORK/packs"

phase "local registry (verdaccio $VERDACCIO_VERSION) and publish"
VERDACCIO="$ROOT/.tools/verdaccio/node_modules/verdaccio"
if [ "$(node -p "require('$VERDACCIO/package.json').version" 2>/dev/null)" != "$VERDACCIO_VERSION" ]; then
  echo "==> Installing verdaccio $VERDACCIO_VERSION into .tools/verdaccio"
  npm install --no-save --no-audit --no-fund --prefix "$ROOT/.tools/verdaccio" "verdaccio@$VERDACCIO_VERSION" >/dev/null ||
    die "installing verdaccio failed"
fi
REGISTRY_PORT="$(free_port)"
REGISTRY="http://127.0.0.1:$REGISTRY_PORT"
mkdir -p "$WORK/registry/storage"
# Serves the scope only, with no uplink: everything else comes from the normal registry.
cat >"$WORK/registry/config.yaml" <<EOF
storage: $WORK/registry/storage
auth:
  htpasswd:
    file: $WORK/registry/htpasswd
    max_users: -1
uplinks: {}
packages:
  '@$SCOPE/*':
    access: \$all
    publish: \$anonymous
log: { type: stdout, format: pretty, level: warn }
EOF
setsid node "$VERDACCIO/bin/verdaccio" --config "$WORK/registry/config.yaml" --listen "127.0.0.1:$REGISTRY_PORT" \
  >"$WORK/registry/verdaccio.log" 2>&1 &
PIDS+=("$!")
wait_for 60 curl -sf -o /dev/null "$REGISTRY/-/ping" || { cat "$WORK/registry/verdaccio.log" >&2; die "verdaccio did not start"; }
# npm wants a token to publish; verdaccio takes this one as anonymous.
echo "//127.0.0.1:$REGISTRY_PORT/:_authToken=adopter-check" >"$WORK/npmrc"
for tgz in "$WORK"/packs/*.tgz; do
  (cd "$WORK" && npm publish "$tgz" --registry "$REGISTRY" --userconfig "$WORK/npmrc" --loglevel warn) ||
    die "publishing $(basename "$tgz") failed"
done

# The new app is an adopter's own project: it starts without a lockfile, and each step of the guide changes it.
# Yarn makes installs immutable wherever a CI variable is set (as on a CI runner), which would refuse both;
# this repository's own install above stays immutable.
export YARN_ENABLE_IMMUTABLE_INSTALLS=false

phase "sandbox with the demo fleet"
ensure_moto || die "moto is not available"
export SANDBOX_PORT SANDBOX_GITOPS_PORT
SANDBOX_PORT="$(free_port)"
SANDBOX_GITOPS_PORT="$(free_port)"
start_sandbox_stack .data/adopter/sandbox || die "the sandbox did not start"

# One app per frontend system (`new`, `legacy`), each made, installed and driven as its adopters would.
check_frontend() {
  local frontend="$1" suffix="" create_flags=()
  if [ "$frontend" = legacy ]; then
    suffix="-legacy"
    create_flags=(--legacy)
  fi
  # follow-docs.mjs reads it: the legacy app takes the frontend README's components instead of App.tsx's features.
  export ADOPTER_FRONTEND="$frontend"
  local cache="$ROOT/.data/adopter/create-app-$CREATE_APP_VERSION$suffix"
  # Always the same path: Yarn rebuilds every native package of an app it finds moved.
  local app_path="${TMPDIR:-/tmp}/adopter-check-app$suffix"
  exec 9>"$app_path.lock"
  flock -n 9 || die "another adopter check is using $app_path"
  APP="$app_path"
  rm -rf "$APP"
  if [ -f "$cache/app/.adopter-installed" ]; then
    phase "$frontend frontend: copy the cached app (create-app $CREATE_APP_VERSION${create_flags[*]:+ ${create_flags[*]}}, installed)"
    cp -a "$cache/app" "$APP" || die "copying $cache/app failed"
  else
    phase "$frontend frontend: create an app (@backstage/create-app@$CREATE_APP_VERSION${create_flags[*]:+ ${create_flags[*]}})"
    # create-app checks that `yarn -v` runs; toolchain.sh's yarn is a shell function, so give it a command.
    mkdir -p "$WORK/bin"
    printf '#!/bin/sh\nexec node "%s" "$@"\n' "$ROOT/.yarn/releases/yarn-$YARN_VERSION.cjs" >"$WORK/bin/yarn"
    chmod +x "$WORK/bin/yarn"
    # BACKSTAGE_APP_NAME answers its one question (the app's name); --path says where.
    (cd "$WORK" && PATH="$WORK/bin:$PATH" BACKSTAGE_APP_NAME=adopter-app \
      npx --yes "@backstage/create-app@$CREATE_APP_VERSION" "${create_flags[@]}" --path "$APP" --skip-install </dev/null) ||
      die "create-app failed"
    local yarn_path
    yarn_path="$(sed -n 's/^yarnPath: *//p' "$APP/.yarnrc.yml")"
    [ -n "$yarn_path" ] && [ -f "$APP/$yarn_path" ] || die "the new app's .yarnrc.yml names no Yarn release it ships"
    [ "$(node -p "require('$APP/backstage.json').version")" = "$release" ] ||
      die "create-app $CREATE_APP_VERSION made an app of another release than backstage.json's $release"

    phase "$frontend frontend: install the app (yarn install)"
    (cd "$APP" && yarn install) >"$WORK/app-install.log" 2>&1 || { tail -40 "$WORK/app-install.log" >&2; die "yarn install in the new app failed"; }
    touch "$APP/.adopter-installed"
    rm -rf "$cache" && mkdir -p "$cache" && cp -a "$APP" "$cache/app.partial" && mv "$cache/app.partial" "$cache/app" ||
      die "caching the app in $cache failed"
  fi

  phase "$frontend frontend: install the packages as docs/install.md says"
  # An adopter with a private registry: the scope comes from it, over plain HTTP on this machine.
  grep -qE '^(npmScopes|unsafeHttpWhitelist):' "$APP/.yarnrc.yml" && die "the new app's .yarnrc.yml already sets npmScopes"
  cat >>"$APP/.yarnrc.yml" <<YARNRC
npmScopes:
  $SCOPE:
    npmRegistryServer: $REGISTRY
unsafeHttpWhitelist:
  - 127.0.0.1
YARNRC
  # Every run publishes the same versions with new contents: drop the ones Yarn's cache kept from earlier runs.
  local yarn_cache
  yarn_cache="$(cd "$APP" && yarn config get cacheFolder)"
  [ -d "$yarn_cache" ] && rm -f "$yarn_cache/@$SCOPE-"*.zip
  local steps kind arg
  steps="$(node scripts/adopter/follow-docs.mjs steps)" || die "reading docs/install.md failed"
  while IFS=$'\t' read -r kind arg; do
    echo "--> $kind $arg"
    if [ "$kind" = run ]; then
      (cd "$APP" && eval "$arg") >"$WORK/step.log" 2>&1 || { tail -30 "$WORK/step.log" >&2; die "docs/install.md: \`$arg\` failed"; }
    else
      node scripts/adopter/follow-docs.mjs edit "$APP" "$arg" || die "docs/install.md: block $arg could not be applied"
    fi
  done <<<"$steps"
  local pkg
  for pkg in "${packages[@]}"; do
    [ -f "$APP/node_modules/$pkg/package.json" ] || die "$pkg is not installed in the app"
  done
  mkdir -p .data/adopter
  cp "$APP/yarn.lock" ".data/adopter/app-with-packages$suffix.yarn.lock"
  # One copy of each Backstage package: ours must not bring a second version of one the fresh app has.
  node scripts/adopter/copies.mjs "$cache/app/yarn.lock" "$APP/yarn.lock" "$SCOPE" ||
    die "the packages add a second copy of a Backstage package to the app"

  phase "$frontend frontend: configure and start the app"
  local app_port backend_port app_url backend_url
  app_port="$(free_port)"
  backend_port="$(free_port)"
  app_url="http://localhost:$app_port"
  backend_url="http://localhost:$backend_port"
  # The sandbox as app-config.sandbox.yaml configures it, on this run's ports.
  cat >"$WORK/sandbox.yaml" <<SANDBOX
app:
  baseUrl: $app_url
backend:
  baseUrl: $backend_url
  listen: { port: $backend_port }
  cors: { origin: $app_url }
  reading:
    allow: [{ host: '127.0.0.1:$SANDBOX_GITOPS_PORT' }]
aws:
  mainAccount: { accessKeyId: sandbox, secretAccessKey: sandbox }
dynamodbEncryption:
  awsEndpoint: http://127.0.0.1:$SANDBOX_PORT
  defaultAccountId: '111111111111'
  fleet:
    targets:
      - organization:
          roleName: dynamodb-encryption-reader
          regions: [us-east-1, eu-west-1]
          excludeAccounts: ['123456789012']
    schedule: { frequency: { minutes: 10 }, timeout: { minutes: 10 }, initialDelay: { seconds: 5 } }
  localGitops:
    directory: $SANDBOX_GENERATED_DIR/gitops
    baseUrl: http://127.0.0.1:$SANDBOX_GITOPS_PORT
auth:
  providers:
    guest:
      userEntityRef: user:development/guest
      ownershipEntityRefs: [user:development/guest, group:default/platform-team]
catalog:
  locations:
    - type: file
      target: $SANDBOX_GENERATED_DIR/demo-fleet.catalog.yaml
      rules:
        - allow: [Group, User, System, Component, Resource]
SANDBOX
  node scripts/adopter/follow-docs.mjs config "$APP" "$WORK/sandbox.yaml" || die "configuring the app failed"
  local log="$ROOT/.data/adopter/app$suffix.log"
  setsid bash -c "source '$ROOT/scripts/toolchain.sh'; cd '$APP'; yarn start \
    --config '$APP/app-config.yaml' --config '$APP/app-config.local.yaml'" >"$log" 2>&1 &
  local app_pid=$!
  PIDS+=("$app_pid")
  app_up() {
    kill -0 "$app_pid" 2>/dev/null && ! grep -q 'Backend startup failed' "$log" || return 2
    curl -sf -o /dev/null "$backend_url/.backstage/health/v1/readiness" && curl -sf -o /dev/null "$app_url"
  }
  for _ in $(seq 1 300); do
    app_up
    case $? in 0) break ;; 2) tail -40 "$log" >&2 && die "the app stopped or its backend failed to start (log: $log)" ;; esac
    sleep 1
  done
  app_up || { tail -40 "$log" >&2; die "the app did not become ready in 5 minutes (log: $log)"; }
  # docs/install.md, "Check": the plugin's health route.
  curl -sf "$backend_url/api/dynamodb-encryption/health" |
    node -e 'process.exit(JSON.parse(require("fs").readFileSync(0)).status === "ok" ? 0 : 1)' || die "GET /api/dynamodb-encryption/health is not ok"
  local token
  token="$(curl -sf "$backend_url/api/auth/guest/refresh" | node -pe 'JSON.parse(require("fs").readFileSync(0)).backstageIdentity.token')"
  catalog_has() { curl -sf -o /dev/null -H "Authorization: Bearer $token" "$backend_url/api/catalog/entities/by-name/$1"; }
  wait_for 120 catalog_has resource/default/orders &&
    wait_for 60 catalog_has template/default/encrypted-dynamodb-table &&
    wait_for 60 catalog_has template/default/change-dynamodb-table-key ||
    die "the catalog did not read the demo fleet and the templates (log: $log)"

  phase "$frontend frontend: browser tests (Chromium)"
  [ -x /usr/bin/chromium ] || die "Debian's Chromium is missing: apt-get install -y chromium"
  local results="$WORK/results-$frontend.json" p f
  PLAYWRIGHT_URL="$app_url" BACKEND_URL="$backend_url" ADOPTER_RESULTS="$results" \
    ADOPTER_OUTPUT="$ROOT/.data/adopter/test-results$suffix" yarn playwright test --config scripts/adopter/playwright.config.ts
  [ -f "$results" ] || die "Playwright wrote no results"
  read -r p f < <(node -p 'const s=require(process.argv[1]).stats; `${s.expected+s.flaky} ${s.unexpected}`' "$results")
  passed=$((passed + p))
  failed=$((failed + f))
  end_phase

  # The next app starts on its own ports; this one ends here.
  kill -TERM -- "-$app_pid" 2>/dev/null || kill -TERM "$app_pid" 2>/dev/null || true
  wait "$app_pid" 2>/dev/null
  # Ended: cleanup must not signal its id again.
  local kept=() pid
  for pid in "${PIDS[@]}"; do [ "$pid" = "$app_pid" ] || kept+=("$pid"); done
  PIDS=("${kept[@]}")
  rm -rf "$APP"
  APP=""
}

for frontend in $FRONTENDS; do
  check_frontend "$frontend"
done
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
