"""AS2 messages and receipts (RFC 4130, RFC 3798 MDN) as MIME, with the MIC.

Entities are built as bytes, so what is signed and what the MIC covers are exactly the bytes
sent; headers are read with Python's ``email`` package, and a multipart/signed is cut at its
boundaries (RFC 2046) so its first part keeps the exact bytes that were signed.
"""

import base64
import re
import uuid
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesHeaderParser, BytesParser
from email.utils import formatdate

from . import cms

CRLF = b"\r\n"
SIGNATURE_TYPE = "application/pkcs7-signature"
ENVELOPED_TYPE = "application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m"
COMPRESSED_TYPE = "application/pkcs7-mime; smime-type=compressed-data; name=smime.p7z"
REPORT_TYPE = "multipart/report; report-type=disposition-notification"
# RFC 4130 7.4.3 / 7.5.3: what a negative MDN says went wrong.
ERRORS = (
    "authentication-failed",
    "decompression-failed",
    "decryption-failed",
    "insufficient-message-security",
    "integrity-check-failed",
    "unexpected-processing-error",
)


class As2FormatError(Exception):
    """The bytes are not the AS2 structure they claim to be."""


def new_message_id(domain):
    return f"<{uuid.uuid4().hex}@{domain}>"


def header_block(pairs):
    """MIME header lines (folded, CRLF) of ``pairs`` [(name, value)], ending the block."""
    lines = []
    for name, value in pairs:
        if "\r" in value or "\n" in value:
            raise As2FormatError(f"Header {name} must be one line.")
        lines.append(f"{name}: {value}\r\n".encode())
    return b"".join(lines) + CRLF


def entity(content_type, body, encoding="binary", extra=()):
    """A MIME entity: headers, empty line, ``body`` as is (``binary``) or in base64."""
    if encoding == "base64":
        body = base64.encodebytes(body).replace(b"\n", CRLF)
    pairs = [("Content-Type", content_type), ("Content-Transfer-Encoding", encoding), *extra]
    return header_block(pairs) + body


def split_entity(data):
    """(headers as an email Message, body bytes) of a MIME entity."""
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        head, sep, body = data.partition(b"\n\n")
    if not sep:
        raise As2FormatError("No empty line ends the MIME headers.")
    return BytesHeaderParser(policy=policy.default).parsebytes(head + b"\r\n\r\n"), body


def decoded_body(data):
    """The body of an entity, its Content-Transfer-Encoding undone."""
    headers, body = split_entity(data)
    if (headers.get("Content-Transfer-Encoding") or "").strip().lower() == "base64":
        try:
            return base64.b64decode(body)
        except ValueError as err:
            raise As2FormatError(f"Bad base64 body: {err}") from err
    return body


def content_type(data):
    headers, _body = split_entity(data)
    return headers.get_content_type(), headers


def smime_type(headers):
    return (headers.get_param("smime-type") or "").lower()


def multipart_parts(data):
    """The exact bytes of each part of a multipart entity (RFC 2046 delimiters)."""
    headers, body = split_entity(data)
    boundary = headers.get_boundary()
    if not boundary:
        raise As2FormatError("A multipart entity without a boundary.")
    delimiter = re.escape(b"--" + boundary.encode())
    pieces = re.split(rb"(?:^|\r?\n)" + delimiter, body)
    if len(pieces) < 3:
        raise As2FormatError("The multipart entity has no parts.")
    parts = []
    for piece in pieces[1:]:
        if piece.startswith(b"--"):
            break
        line_end = piece.find(b"\n")
        parts.append(piece[line_end + 1 :] if line_end >= 0 else b"")
    return parts


# ---------------------------------------------------------------------- sending
def signed(inner, certificate, key, micalg):
    """(multipart/signed entity of ``inner``, its MIC) — the MIC is the digest of
    ``inner`` (headers and body), RFC 4130 7.3.1."""
    micalg = cms.micalg_name(micalg)
    signature = cms.sign(inner, certificate, key, micalg)
    boundary = f"as2-{uuid.uuid4().hex}"
    body = b"".join(
        [
            f"--{boundary}\r\n".encode(),
            inner,
            f"\r\n--{boundary}\r\n".encode(),
            entity(
                f'{SIGNATURE_TYPE}; name="smime.p7s"',
                signature,
                "base64",
                [("Content-Disposition", 'attachment; filename="smime.p7s"')],
            ),
            f"\r\n--{boundary}--\r\n".encode(),
        ]
    )
    head = header_block(
        [
            ("MIME-Version", "1.0"),
            (
                "Content-Type",
                f'multipart/signed; protocol="{SIGNATURE_TYPE}"; '
                f'micalg={micalg}; boundary="{boundary}"',
            ),
        ]
    )
    return head + body, mic(inner, micalg)


def mic(data, micalg):
    """The Received-Content-MIC value: base64 digest, then the algorithm."""
    micalg = cms.micalg_name(micalg)
    return f"{base64.b64encode(cms.digest(data, micalg)).decode()}, {micalg}"


@dataclass
class Outgoing:
    """An AS2 message ready to post: HTTP headers and body, what we must find in the MDN."""

    message_id: str
    headers: dict
    body: bytes
    mic: str
    signed_entity: bytes = b""


def package(
    payload,
    payload_type,
    filename,
    ours,
    theirs,
    *,
    sign_with=None,
    micalg="sha-256",
    encrypt_for=None,
    cipher="aes256",
    compress=False,
    mdn=None,
    mdn_signed=True,
    receipt_url=None,
    domain="localhost",
    subject="AS2 message",
    encoding="binary",
):
    """Sign, compress and encrypt ``payload`` into an AS2 message (compression before the
    signature, RFC 5402 3). ``sign_with`` and ``encrypt_for``: (certificate, key) and
    certificate, or None; ``mdn``: None, "sync" or "async" (to ``receipt_url``);
    ``encoding``: the payload's Content-Transfer-Encoding, "binary" (RFC 4130 5.2) or "base64"
    for partners whose S/MIME reader rewrites line ends of binary content."""
    disposition = [("Content-Disposition", f'attachment; filename="{filename}"')]
    inner = entity(payload_type, payload, encoding, disposition)
    if compress:
        inner = entity(COMPRESSED_TYPE, cms.compress(inner), "base64")
    if sign_with:
        outer, value = signed(inner, sign_with[0], sign_with[1], micalg)
    else:
        outer, value = inner, mic(inner if encrypt_for else payload, micalg)
    if encrypt_for:
        top_type, body = ENVELOPED_TYPE, cms.encrypt(outer, encrypt_for, cipher)
    else:
        top_headers, body = split_entity(outer)
        top_type = top_headers["Content-Type"]
    message_id = new_message_id(domain)
    headers = {
        "AS2-Version": "1.2",
        "AS2-From": quote_as2_id(ours),
        "AS2-To": quote_as2_id(theirs),
        "Message-ID": message_id,
        "Subject": subject,
        "Date": formatdate(usegmt=True),
        "MIME-Version": "1.0",
        "Content-Type": top_type,
        "Content-Transfer-Encoding": "binary",
    }
    if mdn:
        headers["Disposition-Notification-To"] = receipt_url or "as2@" + domain
        if mdn_signed:
            headers["Disposition-Notification-Options"] = (
                "signed-receipt-protocol=optional, pkcs7-signature; "
                f"signed-receipt-micalg=optional, {cms.micalg_name(micalg)}"
            )
        if mdn == "async":
            headers["Receipt-Delivery-Option"] = receipt_url
    return Outgoing(message_id, headers, body, value, outer)


def quote_as2_id(value):
    """AS2 ids with spaces or specials travel quoted (RFC 4130 6.2)."""
    return f'"{value}"' if re.search(r'[\s()<>@,;:\\"/\[\]?=]', value) else value


def unquote_as2_id(value):
    value = (value or "").strip()
    return value[1:-1] if len(value) > 1 and value[0] == value[-1] == '"' else value


# ---------------------------------------------------------------------- receiving
@dataclass
class Received:
    """What unpacking an inbound AS2 entity found."""

    payload: bytes = b""
    payload_type: str = ""
    filename: str = ""
    encrypted: bool = False
    signed: bool = False
    compressed: bool = False
    signer: bytes = b""
    micalg: str = ""
    mic: str = ""
    report: bytes = b""  # the multipart/report entity, when this is an MDN
    notes: list = field(default_factory=list)


def unpack(data, decrypt_pairs, certificates, micalg="sha-256"):
    """Decrypt, verify and decompress the MIME entity ``data`` (HTTP Content-Type header
    line, empty line, body). ``decrypt_pairs``: our (certificate, key)s; ``certificates``:
    the partner's PEM certificates allowed to sign. Raises cms.CmsError with the AS2 error
    name as ``reason``. The MIC covers what was signed, else what was encrypted, else the
    payload (RFC 4130 7.3.1)."""
    found = Received()
    kind, headers = content_type(data)
    if kind == "application/pkcs7-mime" and smime_type(headers) == "enveloped-data":
        data = cms.decrypt(decoded_body(data), decrypt_pairs)
        found.encrypted = True
        found.mic = mic(data, micalg)
        kind, headers = content_type(data)
    data, kind, headers = _decompressed(found, data, kind, headers)
    if kind == "multipart/signed":
        parts = multipart_parts(data)
        if len(parts) < 2:
            raise cms.CmsError("The signed message has no signature.", "authentication-failed")
        content, signature_part = parts[0], parts[1]
        found.micalg = cms.micalg_name(headers.get_param("micalg")) or micalg
        found.signer = cms.verify(content, decoded_body(signature_part), certificates)
        found.signed = True
        found.mic = mic(content, found.micalg)
        data = content
        kind, headers = content_type(data)
        data, kind, headers = _decompressed(found, data, kind, headers)
    if kind == "multipart/report":
        found.report = data
        return found
    found.payload = decoded_body(data)
    found.payload_type = kind
    found.filename = headers.get_filename() or ""
    if not found.mic:
        found.mic = mic(found.payload, micalg)
    return found


def _decompressed(found, data, kind, headers):
    if kind == "application/pkcs7-mime" and smime_type(headers) == "compressed-data":
        data = cms.decompress(decoded_body(data))
        found.compressed = True
        kind, headers = content_type(data)
    return data, kind, headers


def http_entity(content_type_value, body):
    """An HTTP body as the MIME entity it is (its Content-Type made a header line)."""
    return header_block([("Content-Type", content_type_value)]) + body


# ---------------------------------------------------------------------- MDN
@dataclass
class Mdn:
    """A disposition notification, as sent or as read."""

    original_message_id: str
    disposition: str  # "processed", or "processed/error: <error>" ...
    mic: str = ""
    reporting_ua: str = ""
    final_recipient: str = ""
    text: str = ""

    @property
    def positive(self):
        kind = self.disposition.split(";")[-1].strip().lower()
        return kind == "processed"

    @property
    def error(self):
        _kind, _sep, error = self.disposition.partition(":")
        return error.strip() if "/" in self.disposition.split(";")[-1] else ""


def mdn_report(mdn):
    """The multipart/report entity of ``mdn`` (RFC 3798)."""
    boundary = f"mdn-{uuid.uuid4().hex}"
    fields_ = [
        ("Reporting-UA", mdn.reporting_ua or "Odoo integration hub"),
        ("Original-Recipient", f"rfc822; {mdn.final_recipient}"),
        ("Final-Recipient", f"rfc822; {mdn.final_recipient}"),
        ("Original-Message-ID", mdn.original_message_id),
        ("Disposition", f"automatic-action/MDN-sent-automatically; {mdn.disposition}"),
    ]
    if mdn.mic:
        fields_.append(("Received-Content-MIC", mdn.mic))
    notification = header_block(fields_)
    text = (mdn.text or "").replace("\r\n", "\n").replace("\n", "\r\n").encode() + CRLF
    body = b"".join(
        [
            f"--{boundary}\r\n".encode(),
            entity("text/plain; charset=utf-8", text, "7bit"),
            f"\r\n--{boundary}\r\n".encode(),
            entity("message/disposition-notification", notification, "7bit"),
            f"\r\n--{boundary}--\r\n".encode(),
        ]
    )
    return header_block([("Content-Type", f'{REPORT_TYPE}; boundary="{boundary}"')]) + body


def read_mdn(report):
    """The Mdn of a multipart/report entity."""
    for part in multipart_parts(report):
        kind, _headers = content_type(part)
        if kind != "message/disposition-notification":
            continue
        values = BytesParser(policy=policy.compat32).parsebytes(decoded_body(part))
        disposition = (values.get("Disposition") or "").partition(";")[2].strip()
        return Mdn(
            original_message_id=(values.get("Original-Message-ID") or "").strip(),
            disposition=disposition,
            mic=(values.get("Received-Content-MIC") or "").strip(),
            reporting_ua=(values.get("Reporting-UA") or "").strip(),
            final_recipient=(values.get("Final-Recipient") or "").partition(";")[2].strip(),
        )
    raise As2FormatError("The report has no disposition notification.")


def same_mic(one, other):
    """Whether two Received-Content-MIC values agree (digest and algorithm)."""

    def parts(value):
        digest_, _sep, algorithm = (value or "").partition(",")
        return digest_.strip(), cms.micalg_name(algorithm) or algorithm.strip().lower()

    return bool(one and other) and parts(one) == parts(other)


def requested_micalg(options):
    """The first digest we know among ``signed-receipt-micalg`` of
    Disposition-Notification-Options, or None when no signed receipt is asked for."""
    if not options or "signed-receipt-protocol" not in options.lower():
        return None
    match = re.search(r"signed-receipt-micalg\s*=\s*([^;]*)", options, re.IGNORECASE)
    names = match.group(1).split(",")[1:] if match else []
    for name in names:
        known = cms.micalg_name(name)
        if known:
            return known
    return "sha-256"


def mdn_response(mdn, ours, theirs, domain, sign_with=None, micalg="sha-256"):
    """(HTTP headers, body) of the MDN, signed with ``sign_with`` (certificate, key)."""
    report = mdn_report(mdn)
    if sign_with:
        report, _mic = signed(report, sign_with[0], sign_with[1], micalg)
    top_headers, body = split_entity(report)
    headers = {
        "AS2-Version": "1.2",
        "AS2-From": quote_as2_id(ours),
        "AS2-To": quote_as2_id(theirs),
        "Message-ID": new_message_id(domain),
        "Date": formatdate(usegmt=True),
        "MIME-Version": "1.0",
        "Content-Type": " ".join(top_headers["Content-Type"].split()),
    }
    return headers, body
