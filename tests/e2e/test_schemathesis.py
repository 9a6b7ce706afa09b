"""Property-based fuzzing of the live API from its own OpenAPI document: no answer may be a
server error, whatever the request."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

MAX_EXAMPLES = 30
# Two runs of 60 s: the document's examples and its coverage cases first, then fuzzing on its
# own budget (in one run, coverage's extra passes can spend the time fuzzing was left).
PASSES = (("examples,coverage", 60), ("fuzzing", 60))
# The path parameter {code} is pinned to the live flow: with random codes every POST would
# stop at authorisation (403) and the body would never be fuzzed.
CONFIG = """
[parameters]
"path.code" = "{flow}"
"""


def schemathesis_cli():
    exe = shutil.which("schemathesis") or shutil.which("st")
    if exe:
        return [exe]
    candidate = Path(sys.executable).with_name("schemathesis")
    return [str(candidate)] if candidate.exists() else None


def test_schemathesis(hub, tmp_path):
    cli = schemathesis_cli()
    if not cli:
        pytest.fail("schemathesis is not installed: pip install -r requirements-dev.txt")
    config = tmp_path / "schemathesis.toml"
    config.write_text(CONFIG.format(flow=hub.data["flow"]))
    for phases, seconds in PASSES:
        run_schemathesis(cli, hub, tmp_path, config, phases, seconds)
    statuses = hub.query(
        "SELECT state, count(*) FROM integration_message WHERE headers->>'User-Agent' LIKE %s"
        " GROUP BY 1",
        ("schemathesis%",),
    )
    print(f"[schemathesis] messages stored from fuzzed posts, by state: {dict(statuses)}")


def run_schemathesis(cli, hub, tmp_path, config, phases, seconds):
    report = tmp_path / f"report-{phases.replace(',', '-')}.json"
    cmd = [
        *cli,
        "--config-file",
        str(config),
        "run",
        f"{hub.api_url}/openapi.json",
        # The document's server is web.base.url (the public address), not this test server.
        "--url",
        hub.api_url,
        "--header",
        f"Authorization: Bearer {hub.key}",
        "--checks",
        "not_a_server_error",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--max-time",
        str(seconds),
        # The document links no operation to another: the stateful phase would only repeat.
        "--phases",
        phases,
        "--request-timeout",
        "30",
        "--workers",
        "2",
        "--seed",
        "20261123",
        "--generation-database",
        "none",
        "--no-color",
        "--report",
        "json",
        "--report-json-path",
        str(report),
    ]
    done = subprocess.run(
        cmd, capture_output=True, text=True, timeout=seconds + 60, cwd=tmp_path, check=False
    )
    output = done.stdout[-12000:] + done.stderr[-3000:]
    print(output[-3000:])
    assert done.returncode == 0, f"schemathesis found problems (exit {done.returncode}):\n{output}"
    summary = json.loads(report.read_text())
    print(
        f"[schemathesis] {phases}: failures {summary.get('failures')}, "
        f"errors {summary.get('errors')}, phases {summary.get('phases')}"
    )
