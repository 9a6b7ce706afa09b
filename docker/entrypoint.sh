#!/bin/bash
# Entry point of the "odoo" service of docker-compose.yml (image odoo:18.0, user odoo).
#  1. pip-installs, for the odoo user, what the image lacks: OCA queue_job (without its
#     dependencies, which the image has) and pydantic;
#  2. writes the effective config /var/lib/odoo/odoo.conf from /etc/odoo/odoo.conf
#     (docker/odoo.conf), adding queue_job's directory to addons_path and a Fernet key
#     generated once into /var/lib/odoo/encryption.key;
#  3. hands over to the image's /entrypoint.sh, which waits for PostgreSQL and starts Odoo on
#     database $INTEGRATION_DB (default integration_demo), creating it with every module
#     mounted under /mnt/extra-addons installed (with demo data) and installing new ones.
# Extra arguments (the service's "command") are passed to Odoo, e.g. -u integration_core.
set -euo pipefail

DB="${INTEGRATION_DB:-integration_demo}"
DATA=/var/lib/odoo
USER_SITE="$(python3 -m site --user-site)"
export PATH="${HOME:-$DATA}/.local/bin:$PATH"

if [ ! -d "$USER_SITE/odoo/addons/queue_job" ]; then
    pip install --user --break-system-packages --no-cache-dir --no-deps \
        'odoo-addon-queue-job==18.0.3.1.2'
fi
if ! python3 -c 'import pydantic, sys; sys.exit(int(pydantic.VERSION.split(".")[0]) != 2)' 2>/dev/null; then
    pip install --user --break-system-packages --no-cache-dir 'pydantic>=2.6,<3'
fi

if [ ! -s "$DATA/encryption.key" ]; then
    (umask 077 && python3 -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())' \
        >"$DATA/encryption.key")
fi
sed -e "s|^addons_path = .*|&,$USER_SITE/odoo/addons|" \
    -e "s|^integration_encryption_keys = .*|integration_encryption_keys = $(cat "$DATA/encryption.key")|" \
    /etc/odoo/odoo.conf >"$DATA/odoo.conf"
export ODOO_RC="$DATA/odoo.conf"

modules=()
for manifest in /mnt/extra-addons/*/__manifest__.py; do
    [ -f "$manifest" ] || continue
    dir="${manifest%/__manifest__.py}"
    modules+=("${dir##*/}")
done
init_args=()
if [ "${#modules[@]}" -gt 0 ]; then
    init_args=(-i "$(IFS=,; printf '%s' "${modules[*]}")")
fi

exec /entrypoint.sh odoo -d "$DB" --db-filter "^${DB}\$" "${init_args[@]}" "$@"
