# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""readme/USAGE.md's "Integrate in 10 minutes" is true: its curl lines, run as written
against this server, answer what the guide says."""

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from odoo.tests import HttpCase, tagged
from odoo.tests.common import TEST_CURSOR_COOKIE_NAME

from .common import job_watermark, run_jobs

MODULE = Path(__file__).resolve().parents[1]
SECTION = "### Integrate in 10 minutes"
FLOW = "po-in"


def guide_commands():
    """The shell blocks of the guide, in order."""
    text = (MODULE / "readme" / "USAGE.md").read_text(encoding="utf-8")
    section = text.split(SECTION, 1)[1].split("\n### ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, re.S)]


def split_answer(output):
    """(status, headers, body) of ``curl -i`` output, or (None, {}, output) without -i."""
    if not output.startswith("HTTP/"):
        return None, {}, output
    head, _, body = output.replace("\r\n", "\n").partition("\n\n")
    status_line, *lines = head.split("\n")
    headers = dict(line.split(": ", 1) for line in lines if ": " in line)
    return int(status_line.split()[1]), headers, body


@tagged("post_install", "-at_install")
class TestIntegrateInTenMinutes(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        partner = env["integration.partner"].create({"name": "Guide partner", "code": "t-guide"})
        endpoint = env["integration.endpoint"].create(
            {"name": "Guide partner calls us", "partner_id": partner.id}
        )
        env["integration.flow"].create(
            {
                "name": "Guide orders",
                "code": FLOW,
                "partner_id": partner.id,
                "direction": "inbound",
                "document_type": "order",
                "endpoint_id": endpoint.id,
            }
        )
        _key, cls.api_key = env["integration.api.key"]._issue(endpoint, "guide")
        cls.since = job_watermark(env)

    def setUp(self):
        super().setUp()
        self.workdir = Path(tempfile.mkdtemp(prefix="guide-"))
        self.addCleanup(shutil.rmtree, self.workdir)
        shutil.copy(MODULE / "examples" / "order.json", self.workdir / "order.json")
        # The test server serves this test's transaction to requests carrying its key.
        cookie = f"{TEST_CURSOR_COOKIE_NAME}={self.opener.cookies[TEST_CURSOR_COOKIE_NAME]}"
        (self.workdir / ".curlrc").write_text(f'cookie = "{cookie}"\n')

    def run_block(self, block, **variables):
        """A block of the guide run by bash as a reader would, with the guide's variables."""
        environ = {
            "PATH": os.environ["PATH"],
            "HOME": str(self.workdir),
            "CURL_HOME": str(self.workdir),
            "HUB": self.base_url(),
            "KEY": self.api_key,
            "FLOW": FLOW,
            **variables,
        }
        done = subprocess.run(
            ["bash", "-ec", block],
            cwd=self.workdir,
            env=environ,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        self.assertEqual(done.returncode, 0, done.stderr)
        return split_answer(done.stdout)

    def test_the_guide_as_written(self):
        export, post, read, search, conflict = guide_commands()
        self.assertIn("export HUB=", export)

        status, headers, body = self.run_block(post)
        self.assertEqual(status, 202, body)
        answer = json.loads(body)
        self.assertEqual(headers["Location"], f"/api/integration/v1/messages/{answer['id']}")
        run_jobs(self.env, self.since)

        _status, _headers, body = self.run_block(read, ID=str(answer["id"]))
        message = json.loads(body)
        self.assertEqual((message["id"], message["reference"]), (answer["id"], "PO-45001"))
        states = self.env["integration.message"]._fields["state"].get_values(self.env)
        self.assertIn(message["state"], states)

        _status, _headers, body = self.run_block(search)
        (hit,) = json.loads(body)["messages"]
        self.assertEqual((hit["id"], hit["flow"]), (answer["id"], FLOW))

        status, _headers, body = self.run_block(post)
        self.assertEqual(status, 200, "a retry with the same key is a repeat")
        self.assertEqual(json.loads(body)["id"], answer["id"])
        self.assertIs(json.loads(body)["duplicate"], True)
        status, _headers, body = self.run_block(conflict)
        self.assertEqual(status, 409, body)
