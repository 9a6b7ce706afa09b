"""docker/nginx/integration.conf.template renders the same through envsubst (what the nginx
image does for docker compose) as through the tests' string.Template, and nginx accepts it."""

import os
import shutil
import subprocess

from cluster import NGINX, NGINX_TEMPLATE, NginxProxy, render_nginx_config

COMPOSE_VALUES = {
    "ODOO_WEB_SERVERS": "server web:8069 max_fails=1 fail_timeout=10s;",
    "ODOO_WEBSOCKET_SERVERS": "server web:8072 max_fails=1 fail_timeout=10s;",
    "PROXY_LISTEN": "80",
    "RUNJOB_LISTEN": "8080",
    "ACCESS_LOG": "/dev/stdout",
}


class Node:
    def __init__(self, http_port, gevent_port):
        self.http_port, self.gevent_port = http_port, gevent_port


def test_envsubst_and_string_template_agree():
    envsubst = shutil.which("envsubst")
    assert envsubst, (
        "envsubst renders the template in the nginx image: apt-get install gettext-base"
    )
    # The nginx image substitutes the variables it is given only, as here.
    names = " ".join(f"${{{name}}}" for name in COMPOSE_VALUES)
    rendered = subprocess.run(
        [envsubst, names],
        input=NGINX_TEMPLATE.read_text(),
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **COMPOSE_VALUES},
    ).stdout
    assert rendered == render_nginx_config(**COMPOSE_VALUES)
    assert "${" not in rendered
    assert "$proxy_add_x_forwarded_for" in rendered  # nginx's own variables are kept


def test_nginx_accepts_the_rendered_configuration(tmp_path):
    proxy = NginxProxy(tmp_path)
    proxy.configure([Node(18069, 18072), Node(18169, 18172)])
    checked = subprocess.run([*proxy.command(), "-t"], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, f"{NGINX} -t:\n{checked.stderr}"
    assert "upstream odoo_web" in (tmp_path / "integration.conf").read_text()
