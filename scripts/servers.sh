#!/usr/bin/env bash
# Starts (or stops) the database servers that `npm run examples:verify` runs
# the examples against: PostgreSQL, MariaDB and Redis, from Debian's packages,
# on loopback only, with throwaway data directories and known users.
#
#   scripts/servers.sh start   install what is missing (as root), then start
#   scripts/servers.sh stop    stop them and remove the data directories
#   scripts/servers.sh env     print the variables the examples read
#
# Idempotent: a server already answering on its port is left alone. Ports and
# the data folder can be moved with the variables below.
set -euo pipefail

DIR="${POOL_LIFETIME_SERVERS_DIR:-/tmp/pool-lifetime-servers}"
PG_PORT="${PG_PORT:-55432}"
MYSQL_PORT="${MYSQL_PORT:-33306}"
REDIS_PORT="${REDIS_PORT:-36379}"
USER_NAME=app
USER_PASSWORD=app
DATABASE=shop

log() { printf 'servers: %s\n' "$*"; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  for _ in $(seq 1 100); do
    if port_open "$1"; then return 0; fi
    sleep 0.1
  done
  log "nothing answers on 127.0.0.1:$1 after 10 s"
  return 1
}

pg_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$bin" ] && printf '%s' "$bin"
}

install_missing() {
  local missing=()
  [ -n "$(pg_bin || true)" ] || missing+=(postgresql)
  command -v mariadbd >/dev/null 2>&1 || command -v mysqld >/dev/null 2>&1 || missing+=(mariadb-server)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

start_postgres() {
  if port_open "$PG_PORT"; then log "PostgreSQL already on $PG_PORT"; return; fi
  local bin data="$DIR/postgres"
  bin=$(pg_bin)
  rm -rf "$data" && mkdir -p "$data"
  chown postgres:postgres "$data"
  printf '%s\n' "$USER_PASSWORD" >"$DIR/pgpass" && chown postgres "$DIR/pgpass"
  runuser -u postgres -- "$bin/initdb" -D "$data/db" -U "$USER_NAME" --pwfile="$DIR/pgpass" \
    --auth=scram-sha-256 -E UTF8 >"$DIR/postgres-initdb.log"
  runuser -u postgres -- "$bin/pg_ctl" -D "$data/db" -l "$data/postgres.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $data -c fsync=off" start >/dev/null
  PGPASSWORD="$USER_PASSWORD" psql -qAt -h 127.0.0.1 -p "$PG_PORT" -U "$USER_NAME" -d postgres \
    -c "CREATE DATABASE $DATABASE" >/dev/null
  log "PostgreSQL on 127.0.0.1:$PG_PORT"
}

start_mariadb() {
  if port_open "$MYSQL_PORT"; then log "MariaDB already on $MYSQL_PORT"; return; fi
  local data="$DIR/mariadb" server install
  server=$(command -v mariadbd || command -v mysqld)
  install=$(command -v mariadb-install-db || command -v mysql_install_db)
  rm -rf "$data" && mkdir -p "$data"
  chown mysql:mysql "$data"
  "$install" --no-defaults --datadir="$data/db" --user=mysql --auth-root-authentication-method=socket \
    --skip-test-db >"$DIR/mariadb-install.log" 2>&1
  "$server" --no-defaults --datadir="$data/db" --user=mysql --bind-address=127.0.0.1 --port="$MYSQL_PORT" \
    --socket="$data/mysqld.sock" --pid-file="$data/mysqld.pid" --skip-name-resolve \
    --innodb-flush-log-at-trx-commit=0 --log-error="$DIR/mariadb.log" >/dev/null 2>&1 &
  wait_port "$MYSQL_PORT"
  mariadb --no-defaults -uroot --socket="$data/mysqld.sock" -e "
    CREATE DATABASE IF NOT EXISTS $DATABASE;
    CREATE USER IF NOT EXISTS '$USER_NAME'@'%' IDENTIFIED BY '$USER_PASSWORD';
    GRANT ALL ON *.* TO '$USER_NAME'@'%';"
  log "MariaDB on 127.0.0.1:$MYSQL_PORT"
}

start_redis() {
  if port_open "$REDIS_PORT"; then log "Redis already on $REDIS_PORT"; return; fi
  mkdir -p "$DIR/redis"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$DIR/redis" --save '' --appendonly no \
    --daemonize yes --pidfile "$DIR/redis/redis.pid" --logfile "$DIR/redis.log"
  wait_port "$REDIS_PORT"
  log "Redis on 127.0.0.1:$REDIS_PORT"
}

stop_all() {
  local bin
  bin=$(pg_bin || true)
  if [ -n "$bin" ] && [ -f "$DIR/postgres/db/postmaster.pid" ]; then
    runuser -u postgres -- "$bin/pg_ctl" -D "$DIR/postgres/db" -m fast stop >/dev/null || true
  fi
  for pidfile in "$DIR/mariadb/mysqld.pid" "$DIR/redis/redis.pid"; do
    if [ -f "$pidfile" ]; then
      kill "$(cat "$pidfile")" 2>/dev/null || true
    fi
  done
  sleep 1
  rm -rf "$DIR"
  log "stopped"
}

print_env() {
  cat <<EOF
PGHOST=127.0.0.1
PGPORT=$PG_PORT
PGUSER=$USER_NAME
PGPASSWORD=$USER_PASSWORD
PGDATABASE=$DATABASE
DATABASE_URL=postgres://$USER_NAME:$USER_PASSWORD@127.0.0.1:$PG_PORT/$DATABASE
MYSQL_URL=mysql://$USER_NAME:$USER_PASSWORD@127.0.0.1:$MYSQL_PORT/$DATABASE
REDIS_URL=redis://127.0.0.1:$REDIS_PORT
EOF
}

case "${1:-}" in
  start)
    if [ "$(id -u)" -ne 0 ]; then log "start needs root (apt-get, runuser)"; exit 1; fi
    started=$(date +%s%N)
    mkdir -p "$DIR"
    install_missing
    start_postgres
    start_mariadb
    start_redis
    elapsed=$((($(date +%s%N) - started) / 1000000))
    log "ready in $((elapsed / 1000)).$(printf '%03d' $((elapsed % 1000))) s"
    ;;
  stop) stop_all ;;
  env) print_env ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
