"""Secrets set through the ORM never reach the database in clear: a full pg_dump holds only
their Fernet tokens, and API keys only as hashes."""

import secrets
import subprocess

from cryptography.fernet import Fernet, MultiFernet
from e2e_support import encryption_keys

SECRET_FIELDS = ("password", "token", "api_key", "client_secret", "hmac_key")

ISSUE_KEY = """
endpoint = env["integration.endpoint"].browse(params["endpoint_id"])
key, plain = env["integration.api.key"]._issue(endpoint, "secrets at rest")
result = {"key_id": key.id, "plain": plain}
"""


def test_secrets_at_rest(hub, tmp_path):
    tag = secrets.token_hex(6)
    plain = {name: f"plaintext-{name}-{tag}-{secrets.token_hex(8)}" for name in SECRET_FIELDS}
    endpoint_id = hub.rpc(
        "integration.endpoint",
        "create",
        {
            "name": f"E2E secrets {tag}",
            "partner_id": hub.data["partner_id"],
            "url": "http://127.0.0.1:9/never-called",
            "auth_type": "oauth2",
            "username": "e2e-user",
            "client_id": "e2e-client",
            "token_url": "http://127.0.0.1:9/token",
            "password": plain["password"],
            "token": plain["token"],
        },
    )
    # Secrets set after creation too, the way a person edits the form.
    hub.rpc(
        "integration.endpoint",
        "write",
        [endpoint_id],
        {name: plain[name] for name in ("api_key", "client_secret", "hmac_key")},
    )
    # The form never shows them back.
    shown = hub.rpc("integration.endpoint", "read", [endpoint_id], list(SECRET_FIELDS))[0]
    assert not any(shown[name] for name in SECRET_FIELDS), shown

    issued = hub.shell(ISSUE_KEY, endpoint_id=endpoint_id)
    plain["issued_api_key"] = issued["plain"]
    plain["setup_api_key"] = hub.key

    dump_path = tmp_path / "dump.sql"
    subprocess.run(
        ["pg_dump", "--no-owner", "-f", str(dump_path), hub.server.db], check=True, timeout=300
    )
    dump = dump_path.read_bytes()
    assert len(dump) > 100_000, "the dump looks empty"

    leaked = [name for name, value in plain.items() if value.encode() in dump]
    assert not leaked, f"plaintext secrets found in pg_dump: {leaked}"

    # What is stored instead: Fernet tokens that the server's key decrypts back.
    columns = ", ".join(f"{name}_encrypted" for name in SECRET_FIELDS)
    tokens = hub.query(
        f"SELECT {columns} FROM integration_endpoint WHERE id = %s",  # noqa: S608
        (endpoint_id,),
    )[0]
    box = MultiFernet([Fernet(key) for key in encryption_keys()])
    for name, token in zip(SECRET_FIELDS, tokens, strict=True):
        assert token and token.startswith("gAAAAA"), (name, token)
        assert token.encode() in dump, f"the Fernet token of {name} is not in the dump"
        assert box.decrypt(token.encode()).decode() == plain[name]
    key_hash, lookup = hub.query(
        "SELECT key_hash, lookup FROM integration_api_key WHERE id = %s", (issued["key_id"],)
    )[0]
    assert key_hash.startswith("sha256$") and key_hash.encode() in dump
    assert issued["plain"].startswith(lookup) and len(lookup) < len(issued["plain"]) // 2
