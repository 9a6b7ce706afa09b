# shellcheck shell=bash
# Shared helpers for tools/serve and tools/test. Source it, do not run it.
#
# The sourcing script must set ROOT (the repository root) first.

: "${ROOT:?ROOT must be set before sourcing tools/common.sh}"

PYTHON="${PYTHON:-python3}"
LOCAL_DIR="$ROOT/.local"
ODOO_CONF="$LOCAL_DIR/odoo.conf"
ODOO_BIN="$LOCAL_DIR/odoo-bin"
QUEUE_JOB_PIN="odoo-addon-queue-job==18.0.3.1.2"

log() {
    printf '==> %s\n' "$*"
}

die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

# Comma-separated names of every directory under addons/ with a __manifest__.py.
suite_modules() {
    local dir names=()
    for dir in "$ROOT"/addons/*/; do
        [ -f "$dir/__manifest__.py" ] || continue
        dir="${dir%/}"
        names+=("${dir##*/}")
    done
    local IFS=,
    printf '%s' "${names[*]}"
}

check_odoo() {
    local version
    if ! version="$("$PYTHON" -c 'import odoo.release as r; print(r.version_info[0])' 2>/dev/null)"; then
        die "Odoo 18 is not importable by $PYTHON: install Odoo 18.0 (e.g. pip install -e <odoo-18-source>)" \
            "and its requirements (pip install -r <odoo-18-source>/requirements.txt)"
    fi
    if [ "$version" != "18" ]; then
        die "Odoo 18 is not importable by $PYTHON (found Odoo $version): install Odoo 18.0" \
            "(e.g. pip install -e <odoo-18-source>) for this interpreter"
    fi
}

check_queue_job() {
    if ! "$PYTHON" -c 'import odoo.addons.queue_job' >/dev/null 2>&1; then
        die "OCA queue_job is not importable by $PYTHON (odoo.addons.queue_job):" \
            "pip install --no-deps '$QUEUE_JOB_PIN'"
    fi
}

check_python_deps() {
    if ! "$PYTHON" - >/dev/null 2>&1 <<'EOF'
import cryptography.fernet  # noqa: F401
import pydantic
import requests  # noqa: F401

major, minor = (int(x) for x in pydantic.VERSION.split(".")[:2])
assert major == 2 and minor >= 6
EOF
    then
        die "the suite's Python dependencies (pydantic>=2.6,<3, requests, cryptography) are missing:" \
            "pip install -r requirements.txt"
    fi
}

_pg_server_installed() {
    command -v postgres >/dev/null 2>&1 && return 0
    compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null 2>&1
}

_wait_pg_ready() {
    local tries=30
    while [ "$tries" -gt 0 ]; do
        pg_isready -q && return 0
        sleep 1
        tries=$((tries - 1))
    done
    return 1
}

# Make sure a PostgreSQL server answers on the default unix socket.
ensure_postgres() {
    if ! command -v pg_isready >/dev/null 2>&1 || ! command -v psql >/dev/null 2>&1; then
        die "PostgreSQL is not installed: apt-get install postgresql"
    fi
    pg_isready -q && return 0

    if command -v pg_lsclusters >/dev/null 2>&1 && [ -n "$(pg_lsclusters -h 2>/dev/null)" ]; then
        local ver name port status chosen=""
        # Prefer the cluster on the default port, else take the first one.
        while read -r ver name port status _; do
            if [ -z "$chosen" ] || [ "$port" = "${PGPORT:-5432}" ]; then
                chosen="$ver $name $status"
            fi
        done < <(pg_lsclusters -h)
        read -r ver name status <<<"$chosen"
        if [ "$status" != "online" ]; then
            if [ "$(id -u)" -ne 0 ] && [ "$(id -un)" != "postgres" ]; then
                die "PostgreSQL cluster $ver/$name is not running: start it with" \
                    "sudo pg_ctlcluster --skip-systemctl-redirect $ver $name start"
            fi
            log "starting PostgreSQL cluster $ver/$name"
            pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start \
                || die "could not start PostgreSQL cluster $ver/$name (see /var/log/postgresql/)"
        fi
        _wait_pg_ready || die "PostgreSQL cluster $ver/$name does not answer pg_isready after 30 s"
        return 0
    fi

    if ! _pg_server_installed; then
        die "PostgreSQL is not installed: apt-get install postgresql"
    fi
    die "PostgreSQL is installed but no server answers pg_isready and no Debian cluster exists:" \
        "create and start one with pg_createcluster --start <version> main"
}

_psql() {
    psql -X -w -q -v ON_ERROR_STOP=1 "$@"
}

# Make sure a PostgreSQL role named after the current OS user ($PGUSER if set) exists and can
# create databases (Odoo refuses the 'postgres' role and connects through the unix socket).
ensure_role() {
    local user
    user="${PGUSER:-$(id -un)}"
    if [ "$user" = "postgres" ]; then
        die "Odoo refuses to connect as the 'postgres' role: run the scripts as another OS user"
    fi
    if ! _psql -d postgres -tAc 'select 1' >/dev/null 2>&1; then
        if [ "$(id -u)" -eq 0 ]; then
            if ! (cd / && runuser -u postgres -- env -u PGUSER -u PGDATABASE psql -X -d postgres -tAc "select 1 from pg_roles where rolname = '$user'") \
                    | grep -q 1; then
                log "creating PostgreSQL superuser role '$user'"
                (cd / && runuser -u postgres -- env -u PGUSER -u PGDATABASE createuser -s "$user") \
                    || die "could not create the PostgreSQL role '$user'"
            fi
        fi
        local err
        if ! err="$(_psql -d postgres -tAc 'select 1' 2>&1 >/dev/null)"; then
            die "cannot connect to PostgreSQL as role '$user' through the unix socket ($err)." \
                "Create the role with: sudo -u postgres createuser -s '$user'"
        fi
    fi
    if [ "$(_psql -d postgres -tAc 'select rolsuper or rolcreatedb from pg_roles where rolname = current_user')" != "t" ]; then
        die "PostgreSQL role '$user' cannot create databases: run" \
            "sudo -u postgres psql -c 'ALTER ROLE \"$user\" SUPERUSER'"
    fi
}

db_exists() {
    [ "$(_psql -d postgres -tAc "select 1 from pg_database where datname = '$1'")" = "1" ]
}

# Write .local/odoo.conf from odoo.conf.example: addons path (the suite plus Odoo's own addons
# directories, which include the pip-installed queue_job), data dir, encryption key, master password.
write_config() {
    mkdir -p "$LOCAL_DIR/data"
    if [ ! -s "$LOCAL_DIR/encryption.key" ]; then
        log "generating the Fernet key .local/encryption.key"
        (umask 077 && "$PYTHON" -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())' \
            >"$LOCAL_DIR/encryption.key") || die "could not generate a Fernet key: pip install -r requirements.txt"
    fi
    if [ ! -s "$LOCAL_DIR/master-password" ]; then
        (umask 077 && "$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(24))' >"$LOCAL_DIR/master-password")
    fi
    ROOT="$ROOT" LOCAL_DIR="$LOCAL_DIR" ODOO_CONF="$ODOO_CONF" "$PYTHON" - <<'EOF' || die "could not write $ODOO_CONF"
import os
import re

import odoo
import odoo.addons

root = os.environ["ROOT"]
local_dir = os.environ["LOCAL_DIR"]


def is_addons_dir(path):
    return os.path.isdir(path) and any(
        os.path.isfile(os.path.join(path, name, "__manifest__.py")) for name in os.listdir(path)
    )


# odoo.addons.__path__ holds odoo/addons of the Odoo source and of site-packages (pip-installed
# addons such as queue_job); a source checkout keeps the other standard addons (web, mail...)
# in <source>/addons, which Odoo only adds by default when addons_path is not configured.
candidates = [os.path.join(root, "addons")]
candidates += list(odoo.addons.__path__)
candidates.append(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(odoo.__file__))), "addons"))
paths = []
for path in candidates:
    path = os.path.realpath(path)
    if path not in paths and is_addons_dir(path):
        paths.append(path)

with open(os.path.join(local_dir, "encryption.key")) as f:
    key = f.read().strip()
with open(os.path.join(local_dir, "master-password")) as f:
    master = f.read().strip()
values = {
    "addons_path": ",".join(paths),
    "data_dir": os.path.join(local_dir, "data"),
    "integration_encryption_keys": key,
    "admin_passwd": master,
}
with open(os.path.join(root, "odoo.conf.example")) as f:
    text = f.read()
for name, value in values.items():
    text, count = re.subn(
        rf"^{name}\s*=.*$", lambda m, n=name, v=value: f"{n} = {v}", text, count=1, flags=re.M
    )
    if not count:
        raise SystemExit(f"odoo.conf.example has no '{name} =' line")
target = os.environ["ODOO_CONF"]
tmp = target + ".tmp"
fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
with os.fdopen(fd, "w") as f:
    f.write(text)
os.replace(tmp, target)
EOF
}

# Odoo's multi-process server re-executes sys.argv[0] (the gevent websocket process, restarts
# after installing modules), which fails under `python3 -m odoo` (__main__.py is not runnable as
# a script). tools/serve therefore runs the long-lived server through this generated launcher,
# equivalent to `python3 -m odoo`.
write_launcher() {
    cat >"$ODOO_BIN.tmp" <<'EOF'
#!/usr/bin/env python3
# Generated by tools/common.sh: runs Odoo like `python3 -m odoo` (see write_launcher there).
__import__("os").environ["TZ"] = "UTC"
from odoo.cli.command import main

main()
EOF
    chmod +x "$ODOO_BIN.tmp"
    mv "$ODOO_BIN.tmp" "$ODOO_BIN"
}

# Everything both scripts need before starting Odoo.
prepare_odoo() {
    check_odoo
    check_queue_job
    check_python_deps
    ensure_postgres
    ensure_role
    write_config
    write_launcher
}
