#!/usr/bin/env bash
# Provisions the hub's services on this machine and writes their addresses to .data/services.env.
#   store: $MONGODB_URI if set; otherwise FerretDB 1.24, built once into .cache/, on PostgreSQL (default, see
#          scripts/services-postgres.sh) or, with HUB_STORE=ferretdb-sqlite, on SQLite files under .data/
#   redis: $REDIS_URL if it answers; otherwise a local redis-server (installed from Debian's packages if missing)
# Idempotent: a second run reuses what is already running. Exits non-zero with a clear message on failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="$ROOT/.data"
CACHE="$ROOT/.cache"
FERRETDB_VERSION="v1.24.2"
# FERRETDB_ID_INDEX_FIX=1 builds FerretDB with one line changed so that `_id` lookups use the `_id` index
# (upstream 1.24.2 compares a different JSON expression than the one it indexes: every lookup scans; see
# README "What the store can and cannot do"). Off by default: the default is the unmodified release.
if [[ "${FERRETDB_ID_INDEX_FIX:-0}" == "1" ]]; then BIN_NAME=ferretdb-idfix; else BIN_NAME=ferretdb; fi
FERRETDB_BIN="${FERRETDB_BIN:-$CACHE/ferretdb-$FERRETDB_VERSION/$BIN_NAME}"
mkdir -p "$DATA" "$CACHE"

say() { printf '[services] %s\n' "$*" >&2; }
die() { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }

# tcp_ping HOST PORT PAYLOAD EXPECT: sends PAYLOAD, succeeds if the first reply line contains EXPECT.
tcp_ping() {
  local host=$1 port=$2 payload=$3 expect=$4 reply=""
  { exec 3<>"/dev/tcp/$host/$port"; } 2>/dev/null || return 1
  printf '%b' "$payload" >&3
  IFS= read -r -t 2 reply <&3 || true
  exec 3>&- 3<&-
  [[ "$reply" == *"$expect"* ]]
}
port_open() { { exec 3<>"/dev/tcp/$1/$2"; } 2>/dev/null && { exec 3>&- 3<&-; return 0; }; return 1; }
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

# ---------- Redis ----------
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
redis_hostport="${REDIS_URL#*://}"; redis_hostport="${redis_hostport#*@}"; redis_hostport="${redis_hostport%%/*}"
REDIS_HOST="${redis_hostport%%:*}"; REDIS_PORT="${redis_hostport##*:}"
[[ "$REDIS_PORT" == "$REDIS_HOST" ]] && REDIS_PORT=6379
if tcp_ping "$REDIS_HOST" "$REDIS_PORT" 'PING\r\n' 'PONG' || tcp_ping "$REDIS_HOST" "$REDIS_PORT" 'PING\r\n' 'NOAUTH'; then
  say "redis answers at $REDIS_HOST:$REDIS_PORT"
else
  [[ "$REDIS_HOST" == "127.0.0.1" || "$REDIS_HOST" == "localhost" ]] || die "REDIS_URL=$REDIS_URL does not answer and is not local"
  if ! command -v redis-server >/dev/null; then
    say "redis-server not found: installing Debian package redis-server"
    command -v apt-get >/dev/null || die "no redis-server and no apt-get to install it"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null) \
      || die "could not install redis-server"
  fi
  mkdir -p "$DATA/redis"
  say "starting redis-server on 127.0.0.1:$REDIS_PORT"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir "$DATA/redis" --logfile "$DATA/redis/redis.log" --pidfile "$DATA/redis/redis.pid" \
    || die "redis-server did not start (see $DATA/redis/redis.log)"
  for _ in $(seq 1 50); do tcp_ping 127.0.0.1 "$REDIS_PORT" 'PING\r\n' 'PONG' && break; sleep 0.1; done
  tcp_ping 127.0.0.1 "$REDIS_PORT" 'PING\r\n' 'PONG' || die "redis-server started but does not answer PING"
fi

# ---------- Store ----------
build_ferretdb() {
  command -v go >/dev/null || die "Go toolchain not found: it is needed to build FerretDB $FERRETDB_VERSION (or set MONGODB_URI)"
  say "building FerretDB $FERRETDB_VERSION (once; cached in ${FERRETDB_BIN%/*})"
  # `go install …@v1.24.2` is not used: the module proxy refuses the version-list lookup it makes, and a
  # module-mode build of cmd/ferretdb panics at start-up without build/version/version.txt. So: download
  # exactly that version, add version.txt as FerretDB's own `task gen-version` would, and build it.
  local dir src
  dir=$(go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" | node -e \
    "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const j=JSON.parse(s);if(j.Error){console.error(j.Error);process.exit(1)}console.log(j.Dir)})") \
    || die "go mod download of FerretDB $FERRETDB_VERSION failed"
  src="$CACHE/ferretdb-src"
  rm -rf "$src"; cp -r "$dir" "$src"; chmod -R u+w "$src"
  echo "$FERRETDB_VERSION" > "$src/build/version/version.txt"
  if [[ "$BIN_NAME" == "ferretdb-idfix" ]]; then
    sed -i "s|IDColumn = DefaultColumn + \"->'\$._id'\"|IDColumn = DefaultColumn + \`->\"_id\"\`|" "$src/internal/backends/sqlite/metadata/metadata.go"
    grep -q 'IDColumn = DefaultColumn + `->"_id"`' "$src/internal/backends/sqlite/metadata/metadata.go" || die "could not apply the _id index fix"
  fi
  mkdir -p "${FERRETDB_BIN%/*}"
  (cd "$src" && CGO_ENABLED=0 go build -trimpath -buildvcs=false -o "$FERRETDB_BIN.tmp" ./cmd/ferretdb) \
    || die "go build of FerretDB failed"
  mv "$FERRETDB_BIN.tmp" "$FERRETDB_BIN"
  rm -rf "$src"
}

store_ping() { (cd "$ROOT" && node scripts/ping-store.mjs "$1") >/dev/null 2>&1; }
[[ -d "$ROOT/node_modules/mongodb" ]] || die "node_modules is missing: run \`npm install\` (or \`npm ci\`) first"

# Pool sizes (keep the defaults in step with src/db/store-limits.ts, which reads the same variables).
# FerretDB 1.24 hangs for good once its backend pool is exhausted by update commands: an update of k statements
# holds k pool connections until it ends and needs one more to write (STORE-NOTES.md). Per hub process at most
# UPDATE_CONCURRENCY chunked updates of <= UPDATE_CHUNK statements run at once (src/db/bulk.ts), and any other
# command in flight (the driver's pool bounds them) needs at most 2; FerretDB's pool covers MAX_PROCESSES such
# processes, and a private PostgreSQL allows that pool plus a few sessions.
UPDATE_CHUNK="${HUB_STORE_UPDATE_CHUNK:-20}"
UPDATE_CONCURRENCY="${HUB_STORE_UPDATE_CONCURRENCY:-2}"
DRIVER_POOL="${HUB_STORE_MAX_POOL:-8}"
MAX_PROCESSES="${HUB_STORE_MAX_PROCESSES:-4}"
PER_PROCESS=$((UPDATE_CONCURRENCY * (UPDATE_CHUNK + 1) + (DRIVER_POOL - UPDATE_CONCURRENCY) * 2))
FDB_POOL="${FERRETDB_POOL:-$((MAX_PROCESSES * PER_PROCESS))}"

HUB_STORE="${HUB_STORE:-ferretdb-postgresql}"
if [[ -n "${MONGODB_URI:-}" ]]; then
  store_ping "$MONGODB_URI" || die "MONGODB_URI is set but the store does not answer ping"
  say "using MONGODB_URI"
  HUB_STORE="MONGODB_URI"
else
  FDB_DIR="$DATA/ferretdb"; mkdir -p "$FDB_DIR/db" "$FDB_DIR/state"
  PORT_FILE="$FDB_DIR/port"; PID_FILE="$FDB_DIR/pid"; ARGS_FILE="$FDB_DIR/args"
  case "$HUB_STORE" in
    ferretdb-postgresql)
      # shellcheck source=scripts/services-postgres.sh
      source "$ROOT/scripts/services-postgres.sh"
      pg_provision
      backend=(--handler=postgresql "--postgresql-url=$PG_URL") ;;
    ferretdb-sqlite)
      backend=(--handler=sqlite "--sqlite-url=file:$FDB_DIR/db/") ;;
    *) die "HUB_STORE=$HUB_STORE: expected ferretdb-postgresql (default) or ferretdb-sqlite (or set MONGODB_URI)" ;;
  esac
  port="${FERRETDB_PORT:-$(cat "$PORT_FILE" 2>/dev/null || echo 27117)}"
  running=""
  if [[ -f "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
    if [[ "$(cat "$ARGS_FILE" 2>/dev/null)" != "${backend[*]}" ]]; then
      say "FerretDB (pid $(cat "$PID_FILE")) runs with other settings; restarting it"
    elif store_ping "mongodb://127.0.0.1:$port/"; then
      running=1; say "FerretDB already running on 127.0.0.1:$port ($HUB_STORE)"
    else
      # Ours, but not answering (e.g. the pool-exhaustion hang): never run two servers on one data directory.
      say "FerretDB (pid $(cat "$PID_FILE")) does not answer; restarting it"
    fi
    if [[ -z "$running" ]]; then
      kill "$(cat "$PID_FILE")" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$(cat "$PID_FILE")" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$(cat "$PID_FILE")" 2>/dev/null || true
    fi
  fi
  if [[ -z "$running" ]]; then
    [[ -x "$FERRETDB_BIN" ]] || build_ferretdb
    if port_open 127.0.0.1 "$port"; then port=$(free_port); fi
    say "starting FerretDB $FERRETDB_VERSION ($HUB_STORE) on 127.0.0.1:$port"
    nohup setsid "$FERRETDB_BIN" "${backend[@]}" \
      --listen-addr="127.0.0.1:$port" --state-dir="$FDB_DIR/state" --debug-addr=- \
      --telemetry=disable --log-level=warn >>"$FDB_DIR/ferretdb.log" 2>&1 < /dev/null &
    echo $! > "$PID_FILE"; echo "$port" > "$PORT_FILE"; echo "${backend[*]}" > "$ARGS_FILE"
    for _ in $(seq 1 100); do store_ping "mongodb://127.0.0.1:$port/" && break; sleep 0.2; done
    store_ping "mongodb://127.0.0.1:$port/" || die "FerretDB did not answer ping (see $FDB_DIR/ferretdb.log)"
  fi
  MONGODB_URI="mongodb://127.0.0.1:$port/oms"
fi

{
  echo "MONGODB_URI=$MONGODB_URI"
  echo "REDIS_URL=$REDIS_URL"
  echo "HUB_STORE=${HUB_STORE}"
} > "$DATA/services.env"
say "ready: store and redis answer (addresses in .data/services.env)"
