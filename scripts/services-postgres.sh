# Sourced by scripts/services.sh: provisions the PostgreSQL that FerretDB stores its data in.
# Needs: ROOT, DATA, say, die, free_port, FDB_POOL (FerretDB's pool_max_conns). Sets PG_URL (for --postgresql-url).
#
#   1. a private cluster under .data/postgres that an earlier run created: start it if it is down;
#   2. else a PostgreSQL answering on $HUB_PG_HOST:$HUB_PG_PORT (127.0.0.1:5432) as superuser $HUB_PG_USER (postgres);
#   3. else a new private cluster (Debian's `postgresql` package installed first if no initdb is found).
# Then the hub's own database (one per checkout), its GIN-twin event trigger and plan_cache_mode.

PG_HOST="${HUB_PG_HOST:-127.0.0.1}"
PG_PORT="${HUB_PG_PORT:-5432}"
PG_USER="${HUB_PG_USER:-postgres}"
PG_PRIV="$DATA/postgres"
# One database per checkout: several worktrees or CI clones on one machine share a server, not a database.
PG_DB="oms_ferretdb_$(printf '%s' "$ROOT" | sha1sum | cut -c1-10)"
# PostgreSQL must accept FerretDB's whole pool plus a few sessions for psql and superusers.
PG_MAX_CONNECTIONS=$((FDB_POOL + 10))

# as_pg CMD...: runs CMD as the cluster's owner (PostgreSQL refuses to run as root).
as_pg() { if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -V -r); do
    [[ -x "$d/initdb" && -x "$d/pg_ctl" ]] && { echo "$d"; return 0; }
  done
  command -v initdb >/dev/null && command -v pg_ctl >/dev/null && { dirname "$(command -v pg_ctl)"; return 0; }
  return 1
}

pg_install() {
  say "no PostgreSQL found: installing Debian package postgresql"
  command -v apt-get >/dev/null || die "no PostgreSQL answers and no apt-get to install one (or set MONGODB_URI)"
  [[ $EUID -eq 0 ]] || die "installing PostgreSQL needs root (or start one on 127.0.0.1:5432, or set MONGODB_URI)"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
    || die "could not install postgresql"
}

# psql_at HOST PORT DB ARGS...: psql as superuser, quiet, stop on the first error.
psql_at() { local h=$1 p=$2 d=$3; shift 3; psql -X -q -h "$h" -p "$p" -U "$PG_USER" -d "$d" -v ON_ERROR_STOP=1 "$@"; }
pg_is_superuser() {
  command -v psql >/dev/null || return 1
  [[ "$(PGCONNECT_TIMEOUT=3 psql_at "$1" "$2" postgres -Atc 'select rolsuper from pg_roles where rolname = current_user' 2>/dev/null)" == "t" ]]
}

pg_private_start() {
  local bin port
  bin=$(pg_bindir) || die "PostgreSQL binaries not found"
  port=$(cat "$PG_PRIV/port" 2>/dev/null || true)
  if [[ -n "$port" ]] && pg_is_superuser 127.0.0.1 "$port"; then
    local have; have=$(psql_at 127.0.0.1 "$port" postgres -Atc 'show max_connections')
    if [[ "$have" -ge "$PG_MAX_CONNECTIONS" ]]; then
      PG_HOST=127.0.0.1; PG_PORT="$port"; say "private PostgreSQL running on 127.0.0.1:$port"; return 0
    fi
    say "private PostgreSQL allows $have connections, FerretDB's pool needs $PG_MAX_CONNECTIONS: restarting it"
    as_pg "$bin/pg_ctl" -D "$PG_PRIV/data" -m fast -w stop >/dev/null
  fi
  if [[ -z "$port" ]] || port_open 127.0.0.1 "$port"; then port=$(free_port); fi
  echo "$port" > "$PG_PRIV/port"
  say "starting private PostgreSQL on 127.0.0.1:$port (data in $PG_PRIV/data, max_connections $PG_MAX_CONNECTIONS)"
  # TCP only (no Unix socket: its path could exceed the 107-byte limit in a deep checkout). synchronous_commit=off
  # may lose the last moments of writes on a crash, never consistency: fine for a development store.
  as_pg "$bin/pg_ctl" -D "$PG_PRIV/data" -l "$PG_PRIV/postgresql.log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=$PG_MAX_CONNECTIONS -c synchronous_commit=off" \
    start >/dev/null || die "private PostgreSQL did not start (see $PG_PRIV/postgresql.log)"
  PG_HOST=127.0.0.1; PG_PORT="$port"
}

pg_private_init() {
  local bin
  bin=$(pg_bindir) || { pg_install; bin=$(pg_bindir) || die "PostgreSQL installed but initdb/pg_ctl not found"; }
  if [[ $EUID -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/false postgres
    runuser -u postgres -- test -x "$DATA" || die "user postgres cannot reach $DATA (make its parent directories world-searchable)"
  fi
  mkdir -p "$PG_PRIV"
  [[ $EUID -eq 0 ]] && chown -R postgres: "$PG_PRIV"
  say "creating a private PostgreSQL cluster in $PG_PRIV/data"
  as_pg "$bin/initdb" -D "$PG_PRIV/data" -U "$PG_USER" --auth=trust --encoding=UTF8 --locale=C >"$PG_PRIV/initdb.log" 2>&1 \
    || die "initdb failed (see $PG_PRIV/initdb.log)"
}

pg_provision() {
  if [[ -f "$PG_PRIV/data/PG_VERSION" ]]; then
    pg_private_start
  elif pg_is_superuser "$PG_HOST" "$PG_PORT"; then
    local have; have=$(psql_at "$PG_HOST" "$PG_PORT" postgres -Atc 'show max_connections')
    say "using PostgreSQL on $PG_HOST:$PG_PORT (database $PG_DB)"
    # Not ours to reconfigure: if it allows fewer connections than FerretDB's pool, a load peak makes commands
    # fail with "too many clients" (an error, retried by jobs) instead of ever reaching the pool-exhaustion hang.
    [[ "$have" -ge "$PG_MAX_CONNECTIONS" ]] || say "note: it allows $have connections (FerretDB's pool is $FDB_POOL; $PG_MAX_CONNECTIONS would cover it)"
  else
    pg_private_init
    pg_private_start
  fi
  if [[ "$(psql_at "$PG_HOST" "$PG_PORT" postgres -Atc "select 1 from pg_database where datname = '$PG_DB'")" != "1" ]]; then
    say "creating database $PG_DB"
    psql_at "$PG_HOST" "$PG_PORT" postgres -c "CREATE DATABASE $PG_DB ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0" \
      || die "could not create database $PG_DB"
  fi
  PGOPTIONS='-c client_min_messages=warning' psql_at "$PG_HOST" "$PG_PORT" "$PG_DB" -f "$ROOT/scripts/pg-gin-twins.sql" \
    || die "could not install the GIN-twin event trigger in $PG_DB (scripts/pg-gin-twins.sql)"
  psql_at "$PG_HOST" "$PG_PORT" postgres -c "ALTER DATABASE $PG_DB SET plan_cache_mode = force_custom_plan" \
    || die "could not set plan_cache_mode on $PG_DB"
  # pool_max_conn_idle_time: FerretDB turns any value into 1m, so idle connections go back to a shared server.
  PG_URL="postgres://$PG_USER@$PG_HOST:$PG_PORT/$PG_DB?pool_max_conns=$FDB_POOL&pool_max_conn_idle_time=1m"
}
