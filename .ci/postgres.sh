#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback for the store's tests.
#   .ci/postgres.sh start   installs the server from Debian when missing, initdb's a cluster in a temp folder,
#                           starts it on a free port and writes $PGTEST_DIR/env, which exports
#                           TOKENMONITOR_TEST_POSTGRES (a connection string with a password).
#   .ci/postgres.sh stop    stops that cluster and removes its folder.
# The folder is $TOKENMONITOR_PG_DIR, else /tmp/tokenmonitor-pg. initdb refuses root, so as root the
# cluster runs as the 'postgres' user the Debian package creates.
set -euo pipefail

dir=${TOKENMONITOR_PG_DIR:-/tmp/tokenmonitor-pg}
user=tokenmonitor
database=tokenmonitor_test

bindir() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
    local port
    for port in $(seq 55432 55532); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
    done
    echo "no free port between 55432 and 55532" >&2
    return 1
}

start() {
    local bin
    bin=$(bindir)
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
        echo "postgres.sh: installing the PostgreSQL server from Debian" >&2
        "$(dirname "$0")/apt-install.sh" postgresql
        bin=$(bindir)
    fi

    stop_quietly
    mkdir -p "$dir"
    local password port
    password=$(head -c 18 /dev/urandom | base64 | tr -d '+/=')
    port=$(free_port)
    printf '%s\n' "$password" > "$dir/pwfile"
    mkdir -p "$dir/data"
    # Server binaries that did not come from Debian's package may leave no 'postgres' user to run them as.
    if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then useradd --system --no-create-home postgres; fi
    if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$dir"; fi
    as_owner "$bin/initdb" -D "$dir/data" -U "$user" --pwfile="$dir/pwfile" --auth-local=trust --auth-host=scram-sha-256 \
        -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50" start >/dev/null \
        || { cat "$dir/server.log" >&2; return 1; }
    as_owner "$bin/psql" -h "$dir" -p "$port" -U "$user" -d postgres -qc "CREATE DATABASE $database" >/dev/null
    rm -f "$dir/pwfile"
    local cs="Host=127.0.0.1;Port=$port;Username=$user;Password=$password;Database=$database"
    printf "export TOKENMONITOR_TEST_POSTGRES='%s'\n" "$cs" > "$dir/env"
    echo "$bin" > "$dir/bindir"
    echo "postgres.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port; source $dir/env" >&2
}

stop_quietly() {
    if [ -f "$dir/bindir" ] && [ -d "$dir/data" ]; then
        as_owner "$(cat "$dir/bindir")/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
}

case "${1:-}" in
    start) start ;;
    stop) stop_quietly ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
