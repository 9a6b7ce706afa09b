"""Run a benchmark script inside ``odoo shell`` on a scratch database of its own.

Shared by the benchmarks that measure from inside Odoo (bench_wms_reconcile,
bench_sftp_poll): the database is dropped, created with one module and no demo data, the
script fed to ``odoo shell`` on it, and dropped afterwards unless kept.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONF = ROOT / ".local" / "odoo.conf"


def run_in_scratch_db(script, db, module, environment, keep=False):
    """Exit with the status of ``script`` run by ``odoo shell`` on a fresh ``db``."""
    if not CONF.exists():
        sys.exit(f"{CONF} is missing: run ./tools/test (or ./tools/serve) once to write it")
    options = ["-c", str(CONF), "-d", db, "--no-http"]
    odoo = [sys.executable, "-m", "odoo"]
    subprocess.run(["dropdb", "--if-exists", "--force", db], check=True)
    print(f"installing {module} in the scratch database {db} ...", flush=True)
    install = subprocess.run(
        [*odoo, *options, "-i", module, "--without-demo=all", "--stop-after-init"],
        capture_output=True,
        text=True,
    )
    if install.returncode:
        sys.exit(f"installation failed:\n{install.stdout[-3000:]}{install.stderr[-3000:]}")
    with open(script, "rb") as source:
        shell = subprocess.run(
            [*odoo, "shell", *options, "--log-level=warn"],
            stdin=source,
            env=dict(os.environ, **environment),
            cwd=ROOT,
        )
    if not keep:
        subprocess.run(["dropdb", "--if-exists", "--force", db], check=True)
    sys.exit(shell.returncode)
