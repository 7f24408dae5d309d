#!/usr/bin/env bash
# Stops what scripts/services.sh started for this checkout: its FerretDB and, if it created one, its private
# PostgreSQL cluster under .data/postgres. A shared PostgreSQL or Redis is left alone. Data stays in .data/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="$ROOT/.data"
say() { printf '[services] %s\n' "$*" >&2; }

pid_file="$DATA/ferretdb/pid"
if [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
  pid=$(cat "$pid_file")
  say "stopping FerretDB (pid $pid)"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
else
  say "FerretDB is not running"
fi
rm -f "$pid_file"

pg_data="$DATA/postgres/data"
if [[ -f "$pg_data/postmaster.pid" ]]; then
  pg_ctl=""
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -V -r) "$(dirname "$(command -v pg_ctl 2>/dev/null || echo /nonexistent/pg_ctl)")"; do
    [[ -x "$d/pg_ctl" ]] && { pg_ctl="$d/pg_ctl"; break; }
  done
  [[ -n "$pg_ctl" ]] || { say "ERROR: pg_ctl not found; the private PostgreSQL in $pg_data still runs"; exit 1; }
  say "stopping the private PostgreSQL ($pg_data)"
  if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$pg_ctl" -D "$pg_data" -m fast -w stop >/dev/null
  else "$pg_ctl" -D "$pg_data" -m fast -w stop >/dev/null; fi
fi
rm -f "$DATA/services.env"
say "stopped"
