#!/usr/bin/env bash
# A local Lepton Monitor cluster on 127.0.0.1: a private PostgreSQL, N silos and api processes, for development and
# for the cluster tests. Verbs (stable; each takes --dir DIR, default ./.cluster):
#   up [--silos N] [--apis M] [--regions R1,R2,…]
#                               PostgreSQL under DIR, `lepton migrate`, N silos (default 3), M api processes (default 1);
#                               prints "API http://127.0.0.1:PORT" (api 1), writes it to DIR/api.url, returns once ready.
#                               --regions: silo I gets region RI (Lepton:Cluster:Region) and every silo each region's
#                               grain-state database lepton_<region> (Lepton:Residency:Storage:<region>); give the
#                               residency rules in LEPTON_ARGS, e.g. "--Lepton:Residency:Rules:EU eu"
#   kill-silo I | start-silo I  SIGKILL / start silo I (1-based; a restarted silo keeps its ports)
#   kill-api I  | start-api I   the same for api process I (its journal partition stays "api-I")
#   restart-postgres [S]        stop PostgreSQL (fast), keep it down S seconds (default 0), start it again
#   status                      one line per process and for PostgreSQL
#   down                        SIGTERM the api processes, then the silos (graceful), then stop PostgreSQL
# The admin key comes from LEPTON_ADMIN_KEY (generated into DIR/admin-key when unset). The product runs from
# LEPTON_DLL (default: the Release build of src/Silo, built when missing). Extra product options for every process:
# LEPTON_ARGS (e.g. "--Lepton:Kafka:Enabled false"). PostgreSQL: LEPTON_PG_BIN (default /usr/lib/postgresql/15/bin).
# When run as root, PostgreSQL runs as the `postgres` user, so DIR must be reachable by it (e.g. under /tmp).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VERB="${1:-}"; shift || true
case "$VERB" in -h|--help|help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
DIR=./.cluster
SILOS=3
APIS=1
REGIONS=""
ARG=""
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) DIR="$2"; shift 2 ;;
    --silos) SILOS="$2"; shift 2 ;;
    --apis) APIS="$2"; shift 2 ;;
    --regions) REGIONS="$2"; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) if [ -z "$ARG" ]; then ARG="$1"; shift; else echo "cluster.sh: unexpected argument '$1'" >&2; exit 2; fi ;;
  esac
done
mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"
PG_BIN="${LEPTON_PG_BIN:-/usr/lib/postgresql/15/bin}"
LEPTON_DLL="${LEPTON_DLL:-$REPO/src/Silo/bin/Release/net10.0/lepton.dll}"
read -r -a EXTRA <<< "${LEPTON_ARGS:-}"

die() { echo "cluster.sh: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
conn() { echo "Host=127.0.0.1;Port=$(cat "$DIR/pg.port");Database=${1:-lepton};Username=postgres;Password=$(cat "$DIR/pg.password");Maximum Pool Size=30;Timeout=15"; }

# Waits until URL answers 200 or the process of PIDFILE died; prints the process's log tail on failure.
wait_ready() {
  local url="$1" pidfile="$2" log="$3" seconds="${4:-120}"
  for _ in $(seq 1 $((seconds * 4))); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then return 0; fi
    if ! alive "$pidfile"; then tail -n 30 "$log" >&2; die "$(basename "$pidfile" .pid) exited before it was ready (log: $log)"; fi
    sleep 0.25
  done
  tail -n 30 "$log" >&2; die "$url not ready after ${seconds} s (log: $log)"
}

ensure_build() {
  [ -f "$LEPTON_DLL" ] && return
  echo "building the product (dotnet build src/Silo -c Release)…" >&2
  dotnet build "$REPO/src/Silo" -c Release -v q -nologo >/dev/null || die "build failed"
}

pg_start() {
  [ -x "$PG_BIN/initdb" ] || die "PostgreSQL is not installed ($PG_BIN/initdb missing): apt-get install -y postgresql, or set LEPTON_PG_BIN"
  if [ ! -d "$DIR/pg/data" ]; then
    mkdir -p "$DIR/pg/sock"
    head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$DIR/pg.password"
    cp "$DIR/pg.password" "$DIR/pg/pwfile"
    [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$DIR/pg"
    as_pg "$PG_BIN/initdb" -D "$DIR/pg/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      --pwfile="$DIR/pg/pwfile" -E UTF8 --no-locale >"$DIR/pg/initdb.log" 2>&1 || { cat "$DIR/pg/initdb.log" >&2; die "initdb failed"; }
    rm -f "$DIR/pg/pwfile"
    free_port > "$DIR/pg.port"
  fi
  if ! as_pg "$PG_BIN/pg_ctl" -D "$DIR/pg/data" status >/dev/null 2>&1; then
    as_pg "$PG_BIN/pg_ctl" -D "$DIR/pg/data" -l "$DIR/pg/postgres.log" -w -t 60 \
      -o "-p $(cat "$DIR/pg.port") -k $DIR/pg/sock -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null \
      || { tail -n 20 "$DIR/pg/postgres.log" >&2; die "PostgreSQL did not start"; }
  fi
  create_db lepton
}

create_db() {
  PGPASSWORD="$(cat "$DIR/pg.password")" "$PG_BIN/psql" -h 127.0.0.1 -p "$(cat "$DIR/pg.port")" -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='$1'" | grep -q 1 \
    || PGPASSWORD="$(cat "$DIR/pg.password")" "$PG_BIN/psql" -h 127.0.0.1 -p "$(cat "$DIR/pg.port")" -U postgres -d postgres -qc "CREATE DATABASE $1" >/dev/null
}

migrate() {
  dotnet "$LEPTON_DLL" migrate --Lepton:Store postgres --Lepton:Postgres:ConnectionString "$(conn "$1")" >> "$DIR/migrate.log" 2>&1 \
    || { cat "$DIR/migrate.log" >&2; die "migrate of database $1 failed"; }
}

# The regions of silo I and the region stores every silo gets (from DIR/regions, written by up).
region_args() {
  local i="$1"
  [ -s "$DIR/regions" ] || return 0
  IFS=, read -r -a list < "$DIR/regions"
  local r="${list[$((i - 1))]:-}"
  [ -n "$r" ] && printf '%s\n%s\n' --Lepton:Cluster:Region "$r"
  for region in $(printf '%s\n' "${list[@]}" | sort -u); do
    printf '%s\n%s\n' "--Lepton:Residency:Storage:$region" "$(conn "lepton_$region")"
  done
}

admin_key() {
  if [ -n "${LEPTON_ADMIN_KEY:-}" ]; then printf '%s' "$LEPTON_ADMIN_KEY" > "$DIR/admin-key"
  elif [ ! -s "$DIR/admin-key" ]; then printf 'lk_admin_%s' "$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')" > "$DIR/admin-key"; fi
  chmod 600 "$DIR/admin-key"
}

# name kind: allocates (once) and reads the ports of a process: web [silo gateway].
ports() {
  local name="$1"
  [ -f "$DIR/$name.ports" ] || echo "$(free_port) $(free_port) $(free_port)" > "$DIR/$name.ports"
  cat "$DIR/$name.ports"
}

start_silo() {
  local i="$1" name="silo-$1"
  alive "$DIR/$name.pid" && die "$name is already running (pid $(cat "$DIR/$name.pid"))"
  read -r web silo gateway < <(ports "$name")
  mkdir -p "$DIR/$name"
  mapfile -t regional < <(region_args "$i")
  ( cd "$DIR/$name" && LEPTON_ADMIN_KEY="$(cat "$DIR/admin-key")" exec dotnet "$LEPTON_DLL" silo \
      --Lepton:Store postgres --Lepton:Postgres:ConnectionString "$(conn)" --Lepton:DataPath "$DIR/$name/data" \
      --urls "http://127.0.0.1:$web" --Lepton:Orleans:SiloPort "$silo" --Lepton:Orleans:GatewayPort "$gateway" \
      "${regional[@]}" "${EXTRA[@]}" >>"$DIR/$name.log" 2>&1 ) &
  echo $! > "$DIR/$name.pid"
  echo "http://127.0.0.1:$web" > "$DIR/$name.url"
}

start_api() {
  local i="$1" name="api-$1"
  alive "$DIR/$name.pid" && die "$name is already running (pid $(cat "$DIR/$name.pid"))"
  read -r web _ _ < <(ports "$name")
  mkdir -p "$DIR/$name"
  ( cd "$DIR/$name" && LEPTON_ADMIN_KEY="$(cat "$DIR/admin-key")" exec dotnet "$LEPTON_DLL" api \
      --Lepton:Store postgres --Lepton:Postgres:ConnectionString "$(conn)" --Lepton:DataPath "$DIR/$name/data" \
      --urls "http://127.0.0.1:$web" --Lepton:Journal:Partition "$name" --Lepton:Demo:Enabled false \
      "${EXTRA[@]}" >>"$DIR/$name.log" 2>&1 ) &
  echo $! > "$DIR/$name.pid"
  echo "http://127.0.0.1:$web" > "$DIR/$name.url"
}

need_index() { [[ "$ARG" =~ ^[1-9][0-9]*$ ]] || die "$VERB needs a 1-based index, e.g. $VERB 2"; }

case "$VERB" in
  up)
    [[ "$SILOS" =~ ^[1-9][0-9]*$ ]] || die "--silos needs a positive number"
    [[ "$APIS" =~ ^[1-9][0-9]*$ ]] || die "--apis needs a positive number"
    ensure_build
    pg_start
    admin_key
    : > "$DIR/migrate.log"
    migrate lepton
    echo "$SILOS" > "$DIR/silos"; echo "$APIS" > "$DIR/apis"
    if [ -n "$REGIONS" ]; then
      [[ "$REGIONS" =~ ^[a-z0-9]+(,[a-z0-9]+)*$ ]] || die "--regions takes lower-case region names separated by commas"
      echo "$REGIONS" > "$DIR/regions"
      for region in $(tr , '\n' <<< "$REGIONS" | sort -u); do create_db "lepton_$region"; migrate "lepton_$region"; done
    fi
    for i in $(seq 1 "$SILOS"); do alive "$DIR/silo-$i.pid" || start_silo "$i"; done
    for i in $(seq 1 "$APIS"); do alive "$DIR/api-$i.pid" || start_api "$i"; done
    for i in $(seq 1 "$SILOS"); do wait_ready "$(cat "$DIR/silo-$i.url")/health/ready" "$DIR/silo-$i.pid" "$DIR/silo-$i.log"; done
    for i in $(seq 1 "$APIS"); do wait_ready "$(cat "$DIR/api-$i.url")/health/ready" "$DIR/api-$i.pid" "$DIR/api-$i.log"; done
    cp "$DIR/api-1.url" "$DIR/api.url"
    echo "API $(cat "$DIR/api.url")"
    ;;
  kill-silo) need_index; alive "$DIR/silo-$ARG.pid" || die "silo-$ARG is not running"; kill -KILL "$(cat "$DIR/silo-$ARG.pid")"; echo "killed silo-$ARG" ;;
  kill-api) need_index; alive "$DIR/api-$ARG.pid" || die "api-$ARG is not running"; kill -KILL "$(cat "$DIR/api-$ARG.pid")"; echo "killed api-$ARG" ;;
  start-silo)
    need_index; [ -f "$DIR/pg.port" ] || die "no cluster in $DIR (run up first)"
    start_silo "$ARG"; wait_ready "$(cat "$DIR/silo-$ARG.url")/health/ready" "$DIR/silo-$ARG.pid" "$DIR/silo-$ARG.log"; echo "started silo-$ARG" ;;
  start-api)
    need_index; [ -f "$DIR/pg.port" ] || die "no cluster in $DIR (run up first)"
    start_api "$ARG"; wait_ready "$(cat "$DIR/api-$ARG.url")/health/ready" "$DIR/api-$ARG.pid" "$DIR/api-$ARG.log"; echo "API-$ARG $(cat "$DIR/api-$ARG.url")" ;;
  restart-postgres)
    [ -f "$DIR/pg.port" ] || die "no cluster in $DIR (run up first)"
    [ -z "$ARG" ] || [[ "$ARG" =~ ^[0-9]+$ ]] || die "restart-postgres takes the seconds to stay down"
    as_pg "$PG_BIN/pg_ctl" -D "$DIR/pg/data" -m fast -w -t 30 stop >/dev/null
    sleep "${ARG:-0}"
    pg_start
    echo "restarted postgres" ;;
  status)
    [ -f "$DIR/pg.port" ] || die "no cluster in $DIR"
    if as_pg "$PG_BIN/pg_ctl" -D "$DIR/pg/data" status >/dev/null 2>&1; then echo "postgres  up    127.0.0.1:$(cat "$DIR/pg.port")"; else echo "postgres  down"; fi
    for pidfile in "$DIR"/silo-*.pid "$DIR"/api-*.pid; do
      [ -f "$pidfile" ] || continue
      name="$(basename "$pidfile" .pid)"; url="$(cat "$DIR/$name.url")"
      if alive "$pidfile"; then
        ready="$(curl -s -o /dev/null -w '%{http_code}' "$url/health/ready" 2>/dev/null || true)"
        printf '%-9s up    %s pid %s ready=%s\n' "$name" "$url" "$(cat "$pidfile")" "$([ "$ready" = 200 ] && echo yes || echo no)"
      else
        printf '%-9s down  %s\n' "$name" "$url"
      fi
    done
    ;;
  down)
    for pidfile in "$DIR"/api-*.pid "$DIR"/silo-*.pid; do
      [ -f "$pidfile" ] || continue
      alive "$pidfile" && kill -TERM "$(cat "$pidfile")" 2>/dev/null || true
      # api processes first: they drain their in-flight batches into silos that are still up.
      case "$pidfile" in *api-*) for _ in $(seq 1 80); do alive "$pidfile" || break; sleep 0.25; done ;; esac
    done
    for pidfile in "$DIR"/silo-*.pid; do
      [ -f "$pidfile" ] || continue
      for _ in $(seq 1 120); do alive "$pidfile" || break; sleep 0.25; done
      alive "$pidfile" && kill -KILL "$(cat "$pidfile")" 2>/dev/null || true
    done
    rm -f "$DIR"/*.pid
    if [ -d "$DIR/pg/data" ]; then as_pg "$PG_BIN/pg_ctl" -D "$DIR/pg/data" -m fast -w -t 30 stop >/dev/null 2>&1 || true; fi
    echo "down"
    ;;
  *) echo "usage: cluster.sh up [--silos N] [--apis M] [--regions R1,R2,…] | kill-silo I | start-silo I | kill-api I | start-api I | restart-postgres [S] | status | down   [--dir DIR]" >&2; exit 2 ;;
esac
