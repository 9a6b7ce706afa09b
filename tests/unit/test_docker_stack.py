"""The Docker stack as docker-compose and nginx read it: docker-compose.yml is accepted by
``docker-compose config`` and has the topology README describes (scalable web nodes, one job
runner dispatching through the proxy), and the proxy's template renders to a configuration
nginx accepts, its own variables ($host...) untouched.

Needs the Debian packages docker-compose (or Docker's compose plugin) and nginx; a missing one
fails the test with the package to install (tools/test installs them when run as root).
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
    assert (
        runner["environment"]["ODOO_QUEUE_JOB_PORT"]
        == proxy["environment"]["INTEGRATION_JOBRUNNER_LISTEN"]
    )
    # The runner's listener is internal: only the public one is published.
    assert [str(port["target"]) for port in proxy["ports"]] == [
        proxy["environment"]["INTEGRATION_LISTEN"]
    ]
    template = "/etc/nginx/templates/integration.conf.template"
    assert f"{TEMPLATE}:{template}:ro" in [
        v if isinstance(v, str) else f"{v['source']}:{v['target']}:ro" for v in proxy["volumes"]
    ]


def render(template, values):
    """What the nginx image's envsubst step does: replace the variables it is given, only."""
    return re.sub(r"\$\{(\w+)\}", lambda m: values.get(m[1], m[0]), template)


def test_proxy_template_renders_to_a_configuration_nginx_accepts(tmp_path):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.fail("nginx is missing: apt-get install nginx")
    values = {
        "INTEGRATION_RESOLVER": "",
        "INTEGRATION_WEB_SERVERS": "server 127.0.0.1:18069 max_fails=1 fail_timeout=10s; "
        "server 127.0.0.1:18070 max_fails=1 fail_timeout=10s;",
        "INTEGRATION_WEBSOCKET_SERVERS": "server 127.0.0.1:18072 max_fails=1 fail_timeout=10s;",
        "INTEGRATION_LISTEN": "127.0.0.1:18080",
        "INTEGRATION_JOBRUNNER_LISTEN": "127.0.0.1:18081",
    }
    text = TEMPLATE.read_text()
    assert set(re.findall(r"\$\{(\w+)\}", text)) == set(values)
    conf = render(text, values)
    assert "$host" in conf and "$http_upgrade" in conf
    (tmp_path / "integration.conf").write_text(conf)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log stderr;\nevents {{}}\n"
        f"http {{\n    access_log off;\n    client_body_temp_path {tmp_path}/body;\n"
        f"    proxy_temp_path {tmp_path}/proxy;\n    include {tmp_path}/integration.conf;\n}}\n"
    )
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
