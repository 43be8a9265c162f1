#!/usr/bin/env bash
# Finds or starts the Postgres and Redis the tests need, then prints `export` lines for them.
#   1. URLs already set and reachable (PAINMAP_TEST_DATABASE_URL / PAINMAP_TEST_REDIS_URL);
#   2. the usual local ports (127.0.0.1:5432 as user postgres, 127.0.0.1:6379);
#   3. local server binaries (Debian's pg_ctlcluster, or a private initdb cluster; redis-server),
#      installing Debian's postgresql and redis-server first when run as root;
#   4. otherwise a clear message: start them with `docker compose up -d postgres redis`.
# Progress goes to stderr; only the export lines go to stdout.
set -euo pipefail

say() { echo "services: $*" >&2; }
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
host_of() { local u=${1#*://}; u=${u#*@}; u=${u%%/*}; echo "${u%%:*}"; }
port_of() { local u=${1#*://}; u=${u#*@}; u=${u%%/*}; [[ $u == *:* ]] && echo "${u##*:}" || echo "$2"; }

pg_url=${PAINMAP_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
redis_url=${PAINMAP_TEST_REDIS_URL:-redis://127.0.0.1:6379}
private_pg_port=${PAINMAP_PRIVATE_PG_PORT:-55432}

pg_ready() {
  local url=$1
  port_open "$(host_of "$url")" "$(port_of "$url" 5432)" || return 1
  # The port answering is not enough: the role must be able to log in without a password.
  node -e "const pg=require('pg');const c=new pg.Client({connectionString:process.argv[1],connectionTimeoutMillis:3000});c.connect().then(()=>c.query('select 1')).then(()=>process.exit(0),()=>process.exit(1))" "$url" 2>/dev/null
}

install_debian() {
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then return 1; fi
  say "installing $* from Debian"
  if [[ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -print -quit 2>/dev/null)" ]]; then
    apt-get update -qq >&2
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2 || { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2; }
}

start_private_pg() {
  local bin dir=${PAINMAP_PRIVATE_PG_DIR:-/tmp/painmap-pg-$private_pg_port}
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [[ -n $bin ]] || return 1
  local run=()
  if [[ $(id -u) -eq 0 ]]; then run=(runuser -u postgres --); fi
  if [[ ! -f $dir/PG_VERSION ]]; then
    mkdir -p "$dir"; [[ $(id -u) -eq 0 ]] && chown postgres "$dir"
    "${run[@]}" "$bin/initdb" -D "$dir" -A trust -U postgres >&2
  fi
  "${run[@]}" "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
    -o "-p $private_pg_port -c listen_addresses=127.0.0.1 -k /tmp -c fsync=off" start >&2 || true
  pg_url=postgres://postgres@127.0.0.1:$private_pg_port/postgres
}

ensure_pg() {
  pg_ready "$pg_url" && return 0
  if [[ -z ${PAINMAP_TEST_DATABASE_URL:-} ]] && pg_ready "postgres://postgres@127.0.0.1:$private_pg_port/postgres"; then
    pg_url=postgres://postgres@127.0.0.1:$private_pg_port/postgres; return 0
  fi
  if command -v pg_ctlcluster >/dev/null && [[ -d /etc/postgresql ]] && [[ -n "$(ls /etc/postgresql 2>/dev/null)" ]]; then
    say "starting the local Postgres cluster"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start >&2 2>&1 || true
    for _ in $(seq 1 20); do pg_ready "$pg_url" && return 0; sleep 0.5; done
  fi
  [[ -n "$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null)" ]] || install_debian postgresql || true
  say "starting a private Postgres cluster on port $private_pg_port"
  start_private_pg || true
  for _ in $(seq 1 20); do pg_ready "$pg_url" && return 0; sleep 0.5; done
  return 1
}

ensure_redis() {
  local host port
  host=$(host_of "$redis_url"); port=$(port_of "$redis_url" 6379)
  port_open "$host" "$port" && return 0
  command -v redis-server >/dev/null || install_debian redis-server || true
  command -v redis-server >/dev/null || return 1
  say "starting redis-server on $host:$port"
  redis-server --daemonize yes --bind "$host" --port "$port" --save "" --appendonly no \
    --maxmemory-policy noeviction --dir /tmp --logfile "/tmp/painmap-redis-$port.log" >&2
  for _ in $(seq 1 20); do port_open "$host" "$port" && return 0; sleep 0.25; done
  return 1
}

if ! ensure_pg; then
  say "no Postgres reachable at $pg_url and none could be started."
  say "Start one with: docker compose up -d postgres redis   (then PAINMAP_TEST_DATABASE_URL=postgres://postgres:painmap@127.0.0.1:5432/postgres)"
  exit 1
fi
if ! ensure_redis; then
  say "no Redis reachable at $redis_url and none could be started. Start one with: docker compose up -d redis"
  exit 1
fi
say "postgres: $pg_url  redis: $redis_url"
echo "export PAINMAP_TEST_DATABASE_URL='$pg_url'"
echo "export PAINMAP_TEST_REDIS_URL='$redis_url'"
