# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""An AS2 trading partner on 127.0.0.1, independent of the hub's AS2 code: it runs OpenSSL's
``openssl smime`` command (its own S/MIME reader and writer) and assembles its MIME itself.

pyas2lib cannot run here: it needs pyOpenSSL >= 23.2, hence cryptography >= 41, while Odoo 18
pins cryptography 3.4.8 / pyOpenSSL 21.0.0 on Python 3.11; and its oscrypto 1.3.0 cannot read
the version of OpenSSL 3.0.x libraries (wbond/oscrypto#75).
"""

import base64
import email
import hashlib
import os
import subprocess
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from email import policy

from cryptography import x509
from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from odoo.addons.integration_core.tests.partner_server import LocalHttpServer


def make_identity(name, not_before=None, not_after=None):
    """(PEM certificate, PEM private key) of a self-signed RSA certificate for ``name``."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048, backend=default_backend())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC).replace(tzinfo=None)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - timedelta(days=1))
        .not_valid_after(not_after or now + timedelta(days=365))
        .sign(key, hashes.SHA256(), default_backend())
    )
    pem_key = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return cert.public_bytes(serialization.Encoding.PEM), pem_key


def openssl(*args, data=None):
    """``openssl smime ...`` with ``data`` on stdin; (return code, stdout, stderr)."""
    done = subprocess.run(  # noqa: S603 - the test's own arguments
        ["openssl", "smime", *args], input=data, capture_output=True, timeout=60, check=False
    )
    return done.returncode, done.stdout, done.stderr.decode(errors="replace")


def mic_of(data):
    return base64.b64encode(hashlib.sha256(data).digest()).decode() + ", sha-256"


def split_head(data):
    """(headers dict, body) of the MIME text ``openssl smime`` writes."""
    head, _sep, body = data.partition(b"\r\n\r\n")
    message = email.message_from_bytes(head + b"\r\n\r\n", policy=policy.compat32)
    return {name: " ".join(value.split()) for name, value in message.items()}, body


class As2Peer(LocalHttpServer):
    """The partner's AS2 server: decrypts and verifies what it receives with ``openssl
    smime``, and answers a signed MDN (synchronous), or keeps it for the test to post
    (asynchronous). ``received`` lists what it got."""

    path = "/as2"

    def __init__(self, as2_id, identity, hub_as2_id, hub_certificate):
        super().__init__()
        self.as2_id = as2_id
        self.hub_as2_id = hub_as2_id
        self.dir = tempfile.mkdtemp(prefix="as2-peer-")
        self.cert = self._file("peer.pem", identity[0])
        self.key = self._file("peer.key", identity[1])
        self.hub_cert = self._file("hub.pem", hub_certificate)
        self.received = []
        self.async_mdns = []
        self.mdns = []

    def _file(self, name, data):
        path = os.path.join(self.dir, name)
        with open(path, "wb") as handle:
            handle.write(data)
        return path

    # ------------------------------------------------------------------ receiving
    def _respond(self, handler, body):
        headers = dict(handler.headers.items())
        if headers.get("Content-Type", "").startswith(("multipart/signed", "multipart/report")):
            self.mdns.append(self.read_mdn(headers, body))  # an asynchronous MDN of the hub
            handler.send_response(200)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        got = self.open(headers, body)
        self.received.append(got)
        if "Receipt-Delivery-Option" in headers:
            self.async_mdns.append(self.mdn(got))
            handler.send_response(200)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        mdn_headers, mdn_body = self.mdn(got)
        handler.send_response(200)
        for name, value in mdn_headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(mdn_body)))
        handler.end_headers()
        handler.wfile.write(mdn_body)

    def open(self, headers, body):
        """Decrypt (DER) and verify (S/MIME) an AS2 message: what a person at the partner
        would see, with the MIC the partner computes over the signed content."""
        code, decrypted, err = openssl(
            "-decrypt", "-binary", "-inform", "DER", "-recip", self.cert, "-inkey", self.key,
            data=body,
        )  # fmt: skip
        got = {"headers": headers, "decrypted": code == 0, "error": err if code else ""}
        if code:
            return got
        code, content, err = openssl(
            "-verify", "-binary", "-certfile", self.hub_cert, "-nointern", "-noverify",
            data=decrypted,
        )  # fmt: skip
        got.update(verified=code == 0, error=err if code else "", content=content)
        if code == 0:
            part = email.message_from_bytes(content, policy=policy.default)
            got.update(payload=part.get_payload(decode=True), mic=mic_of(content))
        return got

    def mdn(self, got, disposition="processed"):
        """(HTTP headers, body) of the partner's signed MDN for ``got``."""
        boundary = f"peer-{uuid.uuid4().hex}"
        fields = [
            "Reporting-UA: openssl peer",
            f"Original-Recipient: rfc822; {self.as2_id}",
            f"Final-Recipient: rfc822; {self.as2_id}",
            f"Original-Message-ID: {got['headers'].get('Message-ID')}",
            f"Disposition: automatic-action/MDN-sent-automatically; {disposition}",
        ]
        if got.get("mic"):
            fields.append(f"Received-Content-MIC: {got['mic']}")
        report = "\r\n".join(
            [
                "Content-Type: multipart/report; report-type=disposition-notification; "
                f'boundary="{boundary}"',
                "",
                f"--{boundary}",
                "Content-Type: text/plain",
                "",
                "Your message was received.",
                f"--{boundary}",
                "Content-Type: message/disposition-notification",
                "",
                *fields,
                "",
                f"--{boundary}--",
                "",
            ]
        ).encode()
        code, signed, err = openssl(
            "-sign", "-crlfeol", "-signer", self.cert, "-inkey", self.key, "-md", "sha256",
            data=report,
        )  # fmt: skip
        assert code == 0, err
        mime_headers, body = split_head(signed)
        headers = {
            "AS2-Version": "1.2",
            "AS2-From": self.as2_id,
            "AS2-To": self.hub_as2_id,
            "Message-ID": f"<{uuid.uuid4().hex}@peer>",
            "MIME-Version": "1.0",
            "Content-Type": mime_headers["Content-Type"],
        }
        return headers, body

    # ------------------------------------------------------------------ sending
    def message(self, payload, sign_with=None, encrypt_for=None, tamper=False, mdn="sync",
                receipt_url=None, as2_from=None):  # fmt: skip
        """(HTTP headers, body, MIC the partner expects back) of an AS2 message of
        ``payload``: base64 in its entity, signed and encrypted by ``openssl smime``."""
        encoded = base64.encodebytes(payload).replace(b"\n", b"\r\n")
        entity = (
            b"Content-Type: application/edi-x12\r\n"
            b"Content-Transfer-Encoding: base64\r\n"
            b'Content-Disposition: attachment; filename="po.edi"\r\n\r\n' + encoded
        )
        cert, key = (
            (self.cert, self.key)
            if sign_with is None
            else (self._file("s.pem", sign_with[0]), self._file("s.key", sign_with[1]))
        )
        code, signed, err = openssl(
            "-sign", "-binary", "-crlfeol", "-signer", cert, "-inkey", key, "-md", "sha256",
            data=entity,
        )  # fmt: skip
        assert code == 0, err
        if tamper:
            signed = signed.replace(encoded[:8], encoded[:7] + b"Z", 1)
        recipient = self._file("r.pem", encrypt_for) if encrypt_for else self.hub_cert
        code, enveloped, err = openssl(
            "-encrypt", "-binary", "-aes256", "-outform", "DER", recipient, data=signed
        )
        assert code == 0, err
        headers = {
            "AS2-Version": "1.2",
            "AS2-From": as2_from or self.as2_id,
            "AS2-To": self.hub_as2_id,
            "Message-ID": f"<{uuid.uuid4().hex}@peer>",
            "Content-Type": "application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m",
            "Disposition-Notification-To": "edi@peer.example",
            "Disposition-Notification-Options": (
                "signed-receipt-protocol=optional, pkcs7-signature; "
                "signed-receipt-micalg=optional, sha-256"
            ),
        }
        if mdn == "async":
            headers["Receipt-Delivery-Option"] = receipt_url
        return headers, enveloped, mic_of(entity)

    def read_mdn(self, headers, body):
        """Verify our MDN with ``openssl smime`` against the hub's certificate and read it:
        (verified, fields of the disposition notification)."""
        content_type = next(v for k, v in headers.items() if k.lower() == "content-type")
        data = f"Content-Type: {content_type}\r\n\r\n".encode() + body
        code, report, err = openssl(
            "-verify", "-certfile", self.hub_cert, "-nointern", "-noverify", data=data
        )
        if code:
            return False, {"error": err}
        message = email.message_from_bytes(report, policy=policy.default)
        for part in message.walk():
            if part.get_content_type() == "message/disposition-notification":
                raw = part.get_payload()
                text = raw[0].as_string() if isinstance(raw, list) else str(raw)
                values = email.message_from_string(text, policy=policy.compat32)
                return True, {k: " ".join(v.split()) for k, v in values.items()}
        return True, {}
