# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A real RabbitMQ broker on 127.0.0.1 for the tests (Debian's ``rabbitmq-server``): its own
node name, free ports (AMQP, distribution, epmd) and data in a temporary directory, no
plugins; stopped and started again on the same data (an outage), removed after.

Imports nothing of Odoo: the end-to-end tests load it by path. ``tools/test`` checks that
the package is installed.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

SERVER = "/usr/lib/rabbitmq/bin/rabbitmq-server"
EPMD = "/usr/bin/epmd"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RabbitMQ:
    """``with RabbitMQ() as broker:`` a running broker; ``broker.url`` to connect;
    ``stop()`` / ``start()`` keep its queues and persistent messages."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="rabbitmq-"))
        self.port = free_port()
        self.epmd_port = free_port()
        self.env = {
            **os.environ,
            "HOME": str(self.dir),  # the Erlang cookie
            "RABBITMQ_NODENAME": f"hub-test-{uuid.uuid4().hex[:10]}@localhost",
            "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(free_port()),
            "ERL_EPMD_PORT": str(self.epmd_port),
            "RABBITMQ_MNESIA_BASE": str(self.dir / "mnesia"),
            "RABBITMQ_LOG_BASE": str(self.dir / "log"),
            "RABBITMQ_PID_FILE": str(self.dir / "rabbitmq.pid"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.dir / "enabled_plugins"),
            "RABBITMQ_CONFIG_FILE": str(self.dir / "rabbitmq"),
            "RABBITMQ_ADVANCED_CONFIG_FILE": str(self.dir / "advanced.config"),
            "RABBITMQ_CONF_ENV_FILE": str(self.dir / "rabbitmq-env.conf"),
        }
        (self.dir / "enabled_plugins").write_text("[].\n")  # no management plugin
        (self.dir / "rabbitmq.conf").write_text(
            f"listeners.tcp.default = 127.0.0.1:{self.port}\nloopback_users = none\n"
        )
        self.process = None
        self.epmd = None

    @property
    def url(self):
        return f"amqp://guest:guest@127.0.0.1:{self.port}/%2F"

    def start(self, timeout=60):
        if not self.epmd:  # our own epmd, in the foreground, so that it is stopped with us
            self.epmd = subprocess.Popen(  # noqa: S603 - fixed program
                [EPMD, "-port", str(self.epmd_port), "-address", "127.0.0.1"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        with open(self.dir / "server.out", "ab") as out:
            self.process = subprocess.Popen(  # noqa: S603 - fixed program, our own config
                [SERVER],
                env=self.env,
                cwd=self.dir,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._wait_ready(timeout)
        return self

    def _wait_ready(self, timeout):
        import pika  # noqa: PLC0415 - the tests' dependency, checked by tools/test

        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"rabbitmq-server exited: {self.log_tail()}")
            with contextlib.suppress(pika.exceptions.AMQPError, OSError):
                pika.BlockingConnection(pika.URLParameters(self.url)).close()
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"rabbitmq-server not ready after {timeout} s")
            time.sleep(0.2)

    def stop(self):
        """Stop the broker (SIGTERM: a clean shutdown); its data stays for ``start``."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, 15)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait()
        self.process = None

    def log_tail(self, size=3000):
        with contextlib.suppress(OSError):
            return (self.dir / "server.out").read_text(errors="replace")[-size:]
        return ""

    def channel(self):
        """A new connection's channel, for the test to declare, publish and read."""
        import pika  # noqa: PLC0415

        return pika.BlockingConnection(pika.URLParameters(self.url)).channel()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        if self.epmd:
            self.epmd.terminate()
            self.epmd.wait(10)
        shutil.rmtree(self.dir, ignore_errors=True)
