"""The Docker stack as docker-compose and nginx read it: docker-compose.yml is accepted by
``docker-compose config`` and has the topology README describes (scalable web nodes, one job
runner dispatching through the proxy, the proxy filling the variables of its template,
which tests/e2e/test_nginx_template.py has nginx check).

Needs the Debian package docker-compose (or Docker's compose plugin); a missing one fails the
test with the package to install (tools/test installs it when run as root).
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "docker" / "nginx" / "integration.conf.template"


def compose(*args):
    """Run docker-compose (Debian's) or `docker compose` (the plugin) in the repository."""
    if shutil.which("docker-compose"):
        command = ["docker-compose"]
    elif (
        shutil.which("docker")
        and not subprocess.run(
            ["docker", "compose", "version"], capture_output=True, check=False
        ).returncode
    ):
        command = ["docker", "compose"]
    else:
        pytest.fail("docker-compose is missing: apt-get install docker-compose")
    return subprocess.run(
        [*command, *args], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )


@pytest.fixture(scope="module")
def services():
    result = compose("config")
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)["services"]


def test_compose_file_is_accepted():
    result = compose("config", "-q")
    assert result.returncode == 0, (
        f"docker-compose config -q refused docker-compose.yml:\n{result.stderr}"
    )


def test_web_nodes_scale_and_run_no_job_runner(services):
    assert set(services) == {"db", "init", "web", "jobrunner", "proxy"}
    web = services["web"]
    # --scale web=N needs a service without a fixed name or host port.
    assert "container_name" not in web and "ports" not in web
    assert web["command"] == ["web"]
    conf = (ROOT / "docker" / "odoo.conf").read_text()
    assert re.search(r"^server_wide_modules = base,web$", conf, re.M), (
        "queue_job would start a runner per node"
    )
    assert services["web"]["depends_on"]["init"]["condition"] == "service_completed_successfully"


def test_the_one_job_runner_dispatches_through_the_proxy(services):
    runner = services["jobrunner"]
    assert runner["command"] == ["jobrunner"]
    assert "ports" not in runner
    proxy = services["proxy"]
    assert runner["environment"]["ODOO_QUEUE_JOB_HOST"] == "proxy"
    assert runner["environment"]["ODOO_QUEUE_JOB_PORT"] == proxy["environment"]["RUNJOB_LISTEN"]
    # The runner's listener is internal: only the public one is published.
    assert [str(port["target"]) for port in proxy["ports"]] == [
        proxy["environment"]["PROXY_LISTEN"]
    ]
    assert set(re.findall(r"\$\{(\w+)\}", TEMPLATE.read_text())) <= set(proxy["environment"])
    template = "/etc/nginx/templates/integration.conf.template"
    assert f"{TEMPLATE}:{template}:ro" in [
        v if isinstance(v, str) else f"{v['source']}:{v['target']}:ro" for v in proxy["volumes"]
    ]
