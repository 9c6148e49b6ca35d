#!/bin/sh
# A real local PostgreSQL streaming-replication standby of the primary at 127.0.0.1:5432, for
# the read-replica router (docs/scaling.md). Listens on 127.0.0.1 only.
#
#   sh bench/replica.sh start    # pg_basebackup (first time) + start the standby on :8115
#   sh bench/replica.sh status   # pg_is_in_recovery() and the replication lag
#   sh bench/replica.sh stop
#   sh bench/replica.sh destroy  # stop and delete its data directory
#
# Then: DATABASE_REPLICA_URL=postgresql://postgres@127.0.0.1:8115/<db> (same database name).
# It adds `host replication all 127.0.0.1/32 trust` to the primary's pg_hba.conf when missing
# (a local, trust-only development cluster; a real deployment uses a replication role with a
# password or certificates) and reloads the primary.
set -eu
PRIMARY_PORT=${PRIMARY_PORT:-5432}
PORT=${REPLICA_PORT:-8115}
DIR=${REPLICA_DIR:-/var/tmp/zd_scale_replica}
BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
AS_PG="runuser -u postgres --"
psql_primary() { psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -tA "$@"; }

allow_replication() {
    hba=$(psql_primary -c "show hba_file")
    if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32' "$hba"; then
        echo "host replication all 127.0.0.1/32 trust" >> "$hba"
        psql_primary -c "select pg_reload_conf()" >/dev/null
        echo "primary: replication from 127.0.0.1 allowed ($hba)"
    fi
}

case "${1:-start}" in
start)
    allow_replication
    if [ ! -f "$DIR/standby.signal" ]; then
        rm -rf "$DIR"
        mkdir -p "$DIR"
        chown postgres "$DIR"
        chmod 700 "$DIR"
        echo "pg_basebackup of 127.0.0.1:$PRIMARY_PORT into $DIR ..."
        $AS_PG "$BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$DIR" -R -X stream -c fast
        # Debian keeps the configuration outside the data directory: give the standby its own.
        cat > "$DIR/postgresql.conf" <<CONF
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DIR'
hot_standby = on
hba_file = '$DIR/pg_hba.conf'
max_connections = $(psql_primary -c 'show max_connections')
ident_file = '$DIR/pg_ident.conf'
CONF
        printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' > "$DIR/pg_hba.conf"
        : > "$DIR/pg_ident.conf"
        chown postgres "$DIR/postgresql.conf" "$DIR/pg_hba.conf" "$DIR/pg_ident.conf"
    fi
    $AS_PG "$BIN/pg_ctl" -D "$DIR" -l "$DIR/standby.log" -w start
    psql -h 127.0.0.1 -p "$PORT" -U postgres -tAc "select 'standby on 127.0.0.1:$PORT, in recovery: ' || pg_is_in_recovery()"
    ;;
status)
    psql -h 127.0.0.1 -p "$PORT" -U postgres -tAc "select 'in recovery: ' || pg_is_in_recovery() || ', replay lag: ' || coalesce((now() - pg_last_xact_replay_timestamp())::text, 'n/a')"
    psql_primary -c "select 'primary sees: ' || client_addr || ' ' || state from pg_stat_replication"
    ;;
stop)
    $AS_PG "$BIN/pg_ctl" -D "$DIR" -w stop -m fast
    ;;
destroy)
    $AS_PG "$BIN/pg_ctl" -D "$DIR" -w stop -m fast || true
    rm -rf "$DIR"
    ;;
*)
    echo "usage: $0 start|status|stop|destroy" >&2
    exit 2
    ;;
esac
