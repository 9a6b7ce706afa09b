"""CMS (RFC 5652) operations of AS2 through OpenSSL's ``openssl cms`` command.

No cryptography is written here: signing, verification, encryption and decryption are
OpenSSL's, run as a command (the ``cryptography`` release Odoo 18 pins on Python 3.11 cannot
encrypt or decrypt CMS). Keys and certificates reach the command through temporary files
readable by this process only (0600), removed afterwards. Compression (RFC 3274 / 5402) is
zlib wrapped in the CMS CompressedData structure by ``asn1crypto`` (an Odoo requirement),
since OpenSSL builds without zlib refuse ``cms -compress``.

Certificates are read with ``cryptography``: subject, validity, fingerprint, key match.
"""

import hashlib
import os
import shutil
import subprocess
import tempfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from asn1crypto import cms as asn1_cms
from cryptography import x509
from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives import serialization

OPENSSL = shutil.which("openssl") or "openssl"
TIMEOUT = 60  # seconds an OpenSSL call may take

# Name in MIME (micalg, RFC 5751 / RFC 4130) -> OpenSSL digest; old spellings accepted.
DIGESTS = {
    "sha-256": "sha256",
    "sha-384": "sha384",
    "sha-512": "sha512",
    "sha-224": "sha224",
    "sha1": "sha1",
    "md5": "md5",
}
DIGEST_ALIASES = {"sha256": "sha-256", "sha384": "sha-384", "sha512": "sha-512",
                  "sha224": "sha-224", "sha-1": "sha1"}  # fmt: skip
# Our name -> OpenSSL cipher. 3DES only when a partner cannot do AES.
CIPHERS = {
    "aes128": "-aes-128-cbc",
    "aes192": "-aes-192-cbc",
    "aes256": "-aes-256-cbc",
    "3des": "-des3",
}
WEAK_CIPHERS = ("3des",)


class CmsError(Exception):
    """OpenSSL refused the operation; ``reason`` says which AS2 error it is."""

    def __init__(self, message, reason="unexpected-processing-error"):
        super().__init__(message)
        self.reason = reason


def micalg_name(name):
    """The micalg spelling of a digest name (``sha256`` -> ``sha-256``), or None."""
    name = (name or "").strip().lower()
    name = DIGEST_ALIASES.get(name, name)
    return name if name in DIGESTS else None


def digest(data, micalg):
    """The digest of ``data`` with the micalg-named algorithm (hashlib)."""
    return hashlib.new(DIGESTS[micalg_name(micalg)], data).digest()


# ---------------------------------------------------------------------- certificates
@dataclass(frozen=True)
class CertificateInfo:
    subject: str
    issuer: str
    serial: str
    not_before: datetime  # naive UTC, as Odoo stores datetimes
    not_after: datetime
    fingerprint_sha256: str


def certificate_info(pem):
    """What a person checks of a PEM certificate; ValueError when it is not one."""
    cert = _load_certificate(pem)
    return CertificateInfo(
        subject=cert.subject.rfc4514_string(),
        issuer=cert.issuer.rfc4514_string(),
        serial=format(cert.serial_number, "x"),
        not_before=cert.not_valid_before.replace(tzinfo=None),
        not_after=cert.not_valid_after.replace(tzinfo=None),
        fingerprint_sha256=_fingerprint(cert),
    )


def key_matches(pem_certificate, pem_key):
    """Whether the PEM private key is the certificate's; ValueError when it is no key."""
    cert = _load_certificate(pem_certificate)
    key = serialization.load_pem_private_key(
        _bytes(pem_key), password=None, backend=default_backend()
    )
    public = serialization.PublicFormat.SubjectPublicKeyInfo
    encoding = serialization.Encoding.DER
    return cert.public_key().public_bytes(encoding, public) == key.public_key().public_bytes(
        encoding, public
    )


def is_valid(info, when=None):
    when = when or datetime.now(UTC).replace(tzinfo=None)
    return info.not_before <= when <= info.not_after


def _load_certificate(pem):
    return x509.load_pem_x509_certificate(_bytes(pem), default_backend())


def _fingerprint(cert):
    der = cert.public_bytes(serialization.Encoding.DER)
    return hashlib.sha256(der).hexdigest()


def _bytes(text):
    return text.encode() if isinstance(text, str) else text


# ---------------------------------------------------------------------- openssl cms
@contextmanager
def _workdir():
    """A private directory (0700) whose files (0600) are removed on exit."""
    path = tempfile.mkdtemp(prefix="as2-")
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _write(directory, name, data):
    path = os.path.join(directory, name)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(_bytes(data))
    return path


def _run(args, reason):
    """Run ``openssl cms <args>``; CmsError(reason) with OpenSSL's words when it fails."""
    try:
        done = subprocess.run(  # noqa: S603 - fixed executable, arguments are ours
            [OPENSSL, "cms", *args], capture_output=True, timeout=TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        raise CmsError(f"OpenSSL could not run: {err}") from err
    if done.returncode:
        text = done.stderr.decode(errors="replace").strip()
        raise CmsError(_readable(text), reason=_reason(text, reason))
    return done.stdout


def _readable(text):
    """The first lines of OpenSSL's error output, without its addresses."""
    lines = [line.split(":")[-1] if ":error:" in line else line for line in text.splitlines()]
    return "; ".join(line for line in lines[:3] if line) or "OpenSSL failed."


def _reason(text, default):
    lowered = text.lower()
    if "digest failure" in lowered or "content verify error" in lowered:
        return "integrity-check-failed"
    if "signer certificate not found" in lowered or "signature failure" in lowered:
        return "authentication-failed"
    return default


def sign(content, certificate, key, micalg="sha-256"):
    """The detached DER SignedData of ``content`` (bytes signed as they are)."""
    algorithm = DIGESTS[micalg_name(micalg)]
    with _workdir() as tmp:
        return _run(
            [
                "-sign", "-binary", "-outform", "DER", "-md", algorithm,
                "-in", _write(tmp, "content", content),
                "-signer", _write(tmp, "cert.pem", certificate),
                "-inkey", _write(tmp, "key.pem", key),
            ],
            "unexpected-processing-error",
        )  # fmt: skip


def verify(content, signature, certificates):
    """Check the detached DER ``signature`` of ``content`` against the PEM ``certificates``
    (the signer must be one of them: certificates carried in the message are ignored; no
    chain is required, partners' AS2 certificates are often self-signed). Returns the
    signer's PEM certificate; CmsError when the signature does not hold."""
    if not certificates:
        raise CmsError("No certificate to check the signature with.", "authentication-failed")
    with _workdir() as tmp:
        signer = os.path.join(tmp, "signer.pem")
        _run(
            [
                "-verify", "-binary", "-inform", "DER", "-noverify", "-nointern",
                "-in", _write(tmp, "signature.der", signature),
                "-content", _write(tmp, "content", content),
                "-certfile", _write(tmp, "certs.pem", b"\n".join(map(_bytes, certificates))),
                "-signer", signer, "-out", os.devnull,
            ],
            "authentication-failed",
        )  # fmt: skip
        with open(signer, "rb") as handle:
            return handle.read()


def encrypt(content, certificate, cipher="aes256"):
    """DER EnvelopedData of ``content`` for the PEM ``certificate``'s key."""
    with _workdir() as tmp:
        return _run(
            [
                "-encrypt", "-binary", "-outform", "DER", CIPHERS[cipher],
                "-in", _write(tmp, "content", content),
                _write(tmp, "recipient.pem", certificate),
            ],
            "unexpected-processing-error",
        )  # fmt: skip


def decrypt(enveloped, pairs):
    """Decrypt DER EnvelopedData with the first of ``pairs`` (PEM certificate, PEM key)
    it was encrypted for; CmsError(decryption-failed) when none opens it."""
    errors = []
    with _workdir() as tmp:
        source = _write(tmp, "enveloped.der", enveloped)
        for index, (certificate, key) in enumerate(pairs):
            try:
                return _run(
                    [
                        "-decrypt", "-binary", "-inform", "DER", "-in", source,
                        "-recip", _write(tmp, f"cert{index}.pem", certificate),
                        "-inkey", _write(tmp, f"key{index}.pem", key),
                    ],
                    "decryption-failed",
                )  # fmt: skip
            except CmsError as err:
                errors.append(str(err))
    raise CmsError("; ".join(errors) or "No key of ours to decrypt with.", "decryption-failed")


def compress(content):
    """DER CompressedData (zlib) of ``content``, RFC 3274."""
    info = asn1_cms.ContentInfo(
        {
            "content_type": "compressed_data",
            "content": asn1_cms.CompressedData(
                {
                    "version": "v0",
                    "compression_algorithm": {"algorithm": "zlib"},
                    "encap_content_info": {
                        "content_type": "data",
                        "content": zlib.compress(content),
                    },
                }
            ),
        }
    )
    return info.dump()


def decompress(data):
    """The content of DER CompressedData; CmsError(decompression-failed) when it is not."""
    try:
        info = asn1_cms.ContentInfo.load(data)
        if info["content_type"].native != "compressed_data":
            raise ValueError("not CompressedData")
        return info["content"].decompressed
    except (ValueError, TypeError, KeyError, zlib.error) as err:
        raise CmsError(f"Cannot decompress: {err}", "decompression-failed") from err
