#!/bin/bash
# Entry point of the integration-hub image (Dockerfile). Its first argument is the role:
#   init       creates the database $INTEGRATION_DB with every module under
#              /opt/integration/addons installed (with demo data unless INTEGRATION_DEMO=0),
#              or updates them and installs new ones; writes the Fernet key once into the shared
#              /var/lib/odoo/encryption.key (unless INTEGRATION_ENCRYPTION_KEYS is set); exits.
#   web        an HTTP node: $ODOO_WORKERS HTTP workers (default 2), $ODOO_CRON_THREADS cron
#              workers (default 1), the websocket process (port 8072); no job runner.
#   jobrunner  OCA queue_job's runner alone (one per database: it holds an advisory lock); it
#              reads the queue and asks a node to run each job at
#              http://$ODOO_QUEUE_JOB_HOST:$ODOO_QUEUE_JOB_PORT/queue_job/runjob (the proxy),
#              with the channels of $ODOO_QUEUE_JOB_CHANNELS.
# Any other first argument is run as a command. Arguments after web or init go to Odoo.
#
# Database: PGHOST, PGPORT, PGUSER, PGPASSWORD. Each process opens at most $ODOO_DB_MAXCONN
# connections (default 8); see README "Sizing".
set -euo pipefail

ROLE="${1:-web}"
[ "$#" -gt 0 ] && shift
DB="${INTEGRATION_DB:-integration_demo}"
KEY_FILE=/var/lib/odoo/encryption.key
CONF=/tmp/integration-odoo.conf
ADDONS=/opt/integration/addons

log() {
    printf 'integration-entrypoint (%s): %s\n' "$ROLE" "$*" >&2
}

die() {
    log "error: $*"
    exit 1
}

# The Fernet keys: INTEGRATION_ENCRYPTION_KEYS, else the key init generated once.
encryption_keys() {
    if [ -n "${INTEGRATION_ENCRYPTION_KEYS:-}" ]; then
        printf '%s' "$INTEGRATION_ENCRYPTION_KEYS"
        return 0
    fi
    if [ ! -s "$KEY_FILE" ]; then
        [ "$ROLE" = init ] || die "no Fernet key: set INTEGRATION_ENCRYPTION_KEYS or run the init role first (it writes $KEY_FILE)"
        log "generating the Fernet key $KEY_FILE"
        (umask 077 && python3 -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())' \
            >"$KEY_FILE.tmp" && mv "$KEY_FILE.tmp" "$KEY_FILE")
    fi
    cat "$KEY_FILE"
}

# /etc/odoo/odoo.conf with its placeholders filled: $1 workers, $2 cron threads.
write_config() {
    local keys admin="${ODOO_ADMIN_PASSWD:-}"
    keys="$(encryption_keys)"
    # Without ODOO_ADMIN_PASSWD the master password is random (list_db = False anyway).
    [ -n "$admin" ] || admin="$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')"
    ADMIN_PASSWD="$admin" \
        DB_HOST="${PGHOST:-db}" DB_PORT="${PGPORT:-5432}" DB_USER="${PGUSER:-odoo}" \
        DB_PASSWORD="${PGPASSWORD:-odoo}" DB_NAME="$DB" DB_FILTER="^${DB}\$" \
        DB_MAXCONN="${ODOO_DB_MAXCONN:-8}" WORKERS="$1" CRON_THREADS="$2" ENCRYPTION_KEYS="$keys" \
        QUEUE_CHANNELS="${ODOO_QUEUE_JOB_CHANNELS:-root:2,root.integration:2}" \
        python3 - /etc/odoo/odoo.conf "$CONF" <<'PY'
import os
import re
import sys

names = "ADMIN_PASSWD DB_HOST DB_PORT DB_USER DB_PASSWORD DB_NAME DB_FILTER DB_MAXCONN WORKERS CRON_THREADS ENCRYPTION_KEYS QUEUE_CHANNELS"
with open(sys.argv[1]) as f:
    text = f.read()
for name in names.split():
    text = re.sub(rf"^(\w+) = {name}$", lambda m, v=os.environ[name]: f"{m[1]} = {v}", text, flags=re.M)
fd = os.open(sys.argv[2], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
with os.fdopen(fd, "w") as f:
    f.write(text)
PY
}

wait_for_db() {
    wait-for-psql.py --db_host "${PGHOST:-db}" --db_port "${PGPORT:-5432}" --db_user "${PGUSER:-odoo}" \
        --db_password "${PGPASSWORD:-odoo}" --timeout=60 || die "PostgreSQL at ${PGHOST:-db} does not answer"
}

case "$ROLE" in
    init)
        write_config 0 0
        wait_for_db
        modules=""
        for manifest in "$ADDONS"/*/__manifest__.py; do
            dir="${manifest%/__manifest__.py}"
            modules="${modules:+$modules,}${dir##*/}"
        done
        [ -n "$modules" ] || die "no module under $ADDONS"
        args=(-i "$modules")
        if psql -h "${PGHOST:-db}" -p "${PGPORT:-5432}" -U "${PGUSER:-odoo}" -d "$DB" -tAc \
                "select 1 from ir_module_module limit 1" >/dev/null 2>&1; then
            log "updating $modules in database $DB"
            args+=(-u "$modules")
        else
            log "creating database $DB with $modules"
            [ "${INTEGRATION_DEMO:-1}" = 0 ] && args+=(--without-demo=all)
        fi
        exec odoo -c "$CONF" "${args[@]}" --stop-after-init --no-http "$@"
        ;;
    web)
        write_config "${ODOO_WORKERS:-2}" "${ODOO_CRON_THREADS:-1}"
        wait_for_db
        exec odoo -c "$CONF" "$@"
        ;;
    jobrunner)
        write_config 0 0
        wait_for_db
        [ -n "${ODOO_QUEUE_JOB_HOST:-}" ] || die "set ODOO_QUEUE_JOB_HOST (and ODOO_QUEUE_JOB_PORT): where the web nodes answer, the proxy"
        # The runner inside an Odoo process that serves no HTTP and runs no cron: queue_job's
        # standalone module (python3 -m odoo.addons.queue_job.jobrunner) ignores the
        # configuration file and would serve every database of the server.
        exec odoo -c "$CONF" --no-http --workers 0 --max-cron-threads 0 --load base,web,queue_job "$@"
        ;;
    *)
        exec "$ROLE" "$@"
        ;;
esac
