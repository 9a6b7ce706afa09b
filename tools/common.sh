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
VENV_DIR="${INTEGRATION_VENV_DIR:-$LOCAL_DIR/venv}"
ODOO_SOURCE_DEFAULT="https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz"
# Old sdists among Odoo 18's pinned requirements do not build with setuptools >= 66 (stricter
# version parsing); pip's isolated build environments read this file through PIP_CONSTRAINT.
BUILD_CONSTRAINT="setuptools<66"

log() {
    printf '==> %s\n' "$*"
}

die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

# ---------------------------------------------------------------- system packages

_apt_updated=0

# Install Debian packages with apt-get when run as root on Debian/Ubuntu; otherwise stop with
# the command to run. $1 says what they are for.
install_system_packages() {
    local why="$1"
    shift
    if [ "$(id -u)" -ne 0 ] || [ ! -f /etc/debian_version ] || ! command -v apt-get >/dev/null 2>&1; then
        die "$why needs the system packages $*: install them, on Debian/Ubuntu with" \
            "sudo apt-get install $*"
    fi
    log "installing $* with apt-get ($why)"
    if [ "$_apt_updated" = 0 ]; then
        apt-get -o DPkg::Lock::Timeout=600 update -qq || die "apt-get update failed"
        _apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
        --no-install-recommends "$@" || die "apt-get install $* failed"
}

# Make sure the command $1 (a name on PATH or an absolute path) exists, installing the Debian
# package $2 when it does not (see install_system_packages). $3 says what it is for.
require_command() {
    local cmd="$1" package="$2" why="$3"
    _has_command "$cmd" && return 0
    install_system_packages "$why" "$package"
    _has_command "$cmd" || die "$cmd is still missing after installing $package"
}

_has_command() {
    if [ "${1#/}" != "$1" ]; then
        [ -x "$1" ]
    else
        command -v "$1" >/dev/null 2>&1
    fi
}

# Debian packages among "$@" that are not installed (none on a machine that is not Debian's).
_missing_debian_packages() {
    command -v dpkg-query >/dev/null 2>&1 || return 0
    local package
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' \
            || printf '%s ' "$package"
    done
}

# ---------------------------------------------------------------- the Python environment

# Succeeds when the interpreter $1 imports Odoo 18.
_imports_odoo18() {
    "$1" -c 'import sys, odoo.release as r; sys.exit(r.version_info[0] != 18)' >/dev/null 2>&1
}

# The interpreter the scripts run Odoo with: $PYTHON (python3) as is when it imports Odoo 18,
# otherwise the virtual environment .local/venv, created and completed first (provision_venv).
# INTEGRATION_VENV=1 takes the virtual environment even when $PYTHON imports Odoo 18.
# $1: "dev" to include requirements-dev.txt (tools/test).
ensure_python() {
    if [ "${INTEGRATION_VENV:-}" != 1 ] && _imports_odoo18 "$PYTHON"; then
        return 0
    fi
    if [ "${INTEGRATION_VENV:-}" != 1 ]; then
        log "$PYTHON does not import Odoo 18: using the virtual environment ${VENV_DIR#"$ROOT"/}"
    fi
    provision_venv "${1:-}"
    # Exported: what the scripts start (pytest's end-to-end tests, their servers) runs on it too.
    export PYTHON="$VENV_DIR/bin/python"
    # Checked after a change only: with every stamp up to date it imported Odoo 18 last time.
    if [ "$_steps_run" -gt 0 ] && ! _imports_odoo18 "$PYTHON"; then
        "$PYTHON" -c 'import odoo.release' 2>&1 | tail -n 3 >&2
        die "$PYTHON does not import Odoo 18 (above): remove ${VENV_DIR#"$ROOT"/} and run again"
    fi
}

# sha256 of the files and strings given (a file by its content, anything else as text).
_fingerprint() {
    local item
    for item in "$@"; do
        if [ -f "$item" ]; then
            sha256sum <"$item"
        else
            printf '%s\n' "$item"
        fi
    done | sha256sum | cut -c1-64
}

_steps_run=0

# Run a provisioning step unless its stamp holds the same fingerprint as the last successful run:
#   _step <number/total> <name> <fingerprint> <description> <command...>
_step() {
    local number="$1" name="$2" key="$3" what="$4"
    shift 4
    local stamp="$VENV_DIR/.stamps/$name"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ]; then
        log "[$number] $what: up to date"
        return 0
    fi
    log "[$number] $what"
    _steps_run=$((_steps_run + 1))
    "$@" || die "$what failed (see above)"
    mkdir -p "$VENV_DIR/.stamps"
    printf '%s\n' "$key" >"$stamp"
}

# The Odoo 18 source directory named by ODOO_SOURCE: a directory as is; an archive (.tar.gz,
# .tgz, .tar.xz, .zip) or an http(s) URL of one is downloaded once to .local/downloads and
# unpacked once into .local/odoo-src/<its sha256>. Prints the directory.
resolve_odoo_source() {
    local source="$1" archive
    case "$source" in
        http://* | https://*)
            archive="$LOCAL_DIR/downloads/odoo-18.0-$(_fingerprint "$source" | cut -c1-16).archive"
            if [ ! -s "$archive" ]; then
                mkdir -p "$LOCAL_DIR/downloads"
                log "downloading $source" >&2
                "$BASE_PYTHON" - "$source" "$archive.part" <<'PY' || die "could not download $source (set ODOO_SOURCE to a local Odoo 18 source directory or archive)"
import shutil
import sys
import urllib.request

with urllib.request.urlopen(sys.argv[1], timeout=60) as answer, open(sys.argv[2], "wb") as out:
    shutil.copyfileobj(answer, out, 1 << 20)
PY
                mv "$archive.part" "$archive"
            fi
            ;;
        *)
            [ -e "$source" ] || die "ODOO_SOURCE=$source does not exist (a directory, an archive or a URL)"
            if [ -d "$source" ]; then
                (cd "$source" && pwd -P)
                return 0
            fi
            archive="$source"
            ;;
    esac
    local target
    target="$LOCAL_DIR/odoo-src/$(_fingerprint "$archive" | cut -c1-16)"
    if [ ! -f "$target/odoo/release.py" ]; then
        log "unpacking $(basename "$archive") into ${target#"$ROOT"/}" >&2
        rm -rf "$target.tmp"
        mkdir -p "$target.tmp"
        "$BASE_PYTHON" - "$archive" "$target.tmp" "$target" <<'PY' || die "could not unpack $archive"
import os
import shutil
import sys
import tarfile
import zipfile

archive, tmp, target = sys.argv[1:]
if zipfile.is_zipfile(archive):
    with zipfile.ZipFile(archive) as z:
        z.extractall(tmp)
else:
    with tarfile.open(archive) as t:
        t.extractall(tmp, filter="tar") if hasattr(tarfile, "data_filter") else t.extractall(tmp)
# The archive holds the source at its top or in one directory (odoo-18.0.<date>/).
roots = [tmp] + [os.path.join(tmp, n) for n in os.listdir(tmp)]
root = next((r for r in roots if os.path.isfile(os.path.join(r, "odoo", "release.py"))), None)
if root is None:
    sys.exit(f"{archive}: no odoo/release.py at its top or one directory down")
os.rename(root, target)
shutil.rmtree(tmp, ignore_errors=True)
PY
    fi
    printf '%s' "$target"
}

# Make Odoo's source importable in the virtual environment: a .pth file naming its directory
# (the source is used in place and never written to; `pip install -e` would write its metadata
# into it). It imports once its requirements are installed (next step).
_link_odoo_source() {
    local source_dir="$1" site
    site="$("$VENV_DIR/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')" || return 1
    printf '%s\n' "$source_dir" >"$site/odoo18-source.pth"
    printf '%s\n' "$source_dir" >"$VENV_DIR/.odoo-source"
}

_pip() {
    "$VENV_DIR/bin/python" -m pip install --quiet --disable-pip-version-check "$@"
}

_pip_odoo_requirements() {
    printf '%s\n' "$BUILD_CONSTRAINT" >"$VENV_DIR/build-constraints.txt"
    PIP_CONSTRAINT="$VENV_DIR/build-constraints.txt" _pip -r "$1/requirements.txt"
}

# Create or complete the virtual environment: Python packages Odoo's requirements build from
# source need, the venv, Odoo 18 from ODOO_SOURCE, its requirements, queue_job, the suite's
# requirements (+ requirements-dev.txt with $1 = dev). Each step runs only when its inputs
# changed since its last success (stamps in .local/venv/.stamps/).
provision_venv() {
    BASE_PYTHON="$PYTHON"
    local total=6
    [ "${1:-}" = dev ] && total=7

    # 1. System packages: compilers and headers for psycopg2 and python-ldap (built from source
    #    for Python < 3.12) and the venv module. Debian/Ubuntu only; elsewhere pip names them.
    local missing
    missing="$(_missing_debian_packages build-essential pkg-config libpq-dev libldap2-dev libsasl2-dev python3-dev python3-venv)"
    if ! command -v dpkg-query >/dev/null 2>&1; then
        log "[1/$total] system packages: not a Debian system; a failing build names the headers it lacks"
    elif [ -n "$missing" ]; then
        log "[1/$total] system packages to build Odoo's requirements"
        # shellcheck disable=SC2086 # one word per package
        install_system_packages "building Odoo's Python requirements" $missing
    else
        log "[1/$total] system packages to build Odoo's requirements: installed"
    fi

    # 2. The virtual environment, on the interpreter $PYTHON (Odoo 18: Python 3.10 to 3.12).
    local version
    version="$("$BASE_PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" \
        || die "$BASE_PYTHON is not a Python interpreter: set PYTHON to a Python 3.10 to 3.12"
    case "$version" in
        3.10 | 3.11 | 3.12) ;;
        *) die "Odoo 18 runs on Python 3.10 to 3.12, $BASE_PYTHON is $version: set PYTHON=python3.12 (or 3.11, 3.10)" ;;
    esac
    local base_key
    base_key="$(_fingerprint "$("$BASE_PYTHON" -c 'import sys; print(sys.version, getattr(sys, "_base_executable", sys.executable))')")"
    if [ -e "$VENV_DIR" ] && [ ! -f "$VENV_DIR/pyvenv.cfg" ]; then
        die "$VENV_DIR exists and is not a virtual environment: move it away or set INTEGRATION_VENV_DIR"
    fi
    if [ ! -x "$VENV_DIR/bin/python" ] || [ "$(cat "$VENV_DIR/.stamps/venv" 2>/dev/null)" != "$base_key" ]; then
        rm -rf "$VENV_DIR"  # made for another interpreter (or half made): start over
    fi
    _step "2/$total" venv "$base_key" "virtual environment ${VENV_DIR#"$ROOT"/} (Python $version)" \
        "$BASE_PYTHON" -m venv "$VENV_DIR"

    # 3. Odoo 18 from ODOO_SOURCE (unset: the source linked before, else Odoo's 18.0 archive).
    local source="${ODOO_SOURCE:-}" source_dir
    if [ -z "$source" ] && [ -s "$VENV_DIR/.odoo-source" ] \
            && [ -f "$(cat "$VENV_DIR/.odoo-source")/odoo/release.py" ]; then
        source_dir="$(cat "$VENV_DIR/.odoo-source")"
    else
        source_dir="$(resolve_odoo_source "${source:-$ODOO_SOURCE_DEFAULT}")" || exit 1
    fi
    [ -f "$source_dir/odoo/release.py" ] || die "$source_dir is not an Odoo source (no odoo/release.py)"
    "$BASE_PYTHON" - "$source_dir/odoo/release.py" <<'PY' || die "$source_dir is not Odoo 18 (ODOO_SOURCE must be an Odoo 18.0 source)"
import runpy
import sys

sys.exit(runpy.run_path(sys.argv[1])["version_info"][0] != 18)
PY
    _step "3/$total" odoo-source "$(_fingerprint "$source_dir")" "Odoo 18 from $source_dir" \
        _link_odoo_source "$source_dir"

    # 4. Odoo's requirements (its pins for this Python version).
    _step "4/$total" odoo-requirements "$(_fingerprint "$source_dir/requirements.txt" "$BUILD_CONSTRAINT")" \
        "Odoo's requirements ($source_dir/requirements.txt; a few minutes)" _pip_odoo_requirements "$source_dir"

    # 5. OCA queue_job, without its dependencies (Odoo's).
    _step "5/$total" queue-job "$QUEUE_JOB_PIN" "$QUEUE_JOB_PIN" _pip --no-deps "$QUEUE_JOB_PIN"

    # 6. The suite's requirements (7. and the development ones for tools/test).
    _step "6/$total" requirements "$(_fingerprint "$ROOT/requirements.txt")" \
        "the suite's requirements (requirements.txt)" _pip -r "$ROOT/requirements.txt"
    if [ "${1:-}" = dev ]; then
        _step "7/$total" requirements-dev "$(_fingerprint "$ROOT/requirements.txt" "$ROOT/requirements-dev.txt")" \
            "the development requirements (requirements-dev.txt)" _pip -r "$ROOT/requirements-dev.txt"
    fi
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

# Stop with the message of the first of "$@" $PYTHON cannot import: "module=message" or
# "module>=version=message" (its VERSION or __version__). One interpreter start for all (each
# costs seconds on a busy machine).
require_python_modules() {
    local missing
    missing="$("$PYTHON" - "$@" 2>/dev/null <<'EOF'
import importlib
import sys


def number(version):
    return tuple(int(part) for part in version.split(".")[:2])


for pair in sys.argv[1:]:
    spec, _, message = pair.partition("=")
    if spec.endswith(">"):  # "module>=version=message"
        version, _, message = message.partition("=")
        spec = spec[:-1]
    else:
        version = None
    try:
        module = importlib.import_module(spec)
        found = str(getattr(module, "VERSION", getattr(module, "__version__", "0")))
        assert version is None or number(found) >= number(version)
    except Exception:
        print(message)
        break
EOF
)" || die "$PYTHON cannot run: set PYTHON to a Python 3 interpreter"
    [ -z "$missing" ] || die "$missing"
}

# OCA queue_job and the suite's own requirements.
check_python_deps() {
    local deps="the suite's Python dependencies (pydantic>=2.6,<3, requests, cryptography) are missing: pip install -r requirements.txt"
    require_python_modules \
        "odoo.addons.queue_job=OCA queue_job is not importable by $PYTHON (odoo.addons.queue_job): pip install --no-deps '$QUEUE_JOB_PIN'" \
        "cryptography.fernet=$deps" "requests=$deps" "pydantic>=2.6=$deps"
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
        install_system_packages "Odoo's database" postgresql
    fi
    pg_isready -q && return 0
    if ! _pg_server_installed; then
        # Debian's package creates the cluster "main", started below.
        install_system_packages "Odoo's database (no server answers pg_isready)" postgresql
    fi

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

# Everything both scripts need before starting Odoo ($1: "dev" for tools/test, "serve" for
# tools/serve; see ensure_python).
prepare_odoo() {
    ensure_python "${1:-}"
    check_python_deps
    ensure_postgres
    ensure_role
    write_config
    write_launcher
}
