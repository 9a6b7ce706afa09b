"""The AS2 packaging of integration_edi (as2/): OpenSSL's CMS, MIME, MIC and MDN, without Odoo."""

import subprocess
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from odoo.addons.integration_edi.as2 import cms, mime

PAYLOAD = b"ISA*00*          *00*~\nGS*SH*HUB*ACME~\nST*856*0001~\n"


def identity(name, days=365):
    key = rsa.generate_private_key(65537, 2048, default_backend())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC).replace(tzinfo=None)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=days))
        .sign(key, hashes.SHA256(), default_backend())
    )
    pem_key = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return cert.public_bytes(serialization.Encoding.PEM), pem_key


@pytest.fixture(scope="module")
def hub():
    return identity("hub")


@pytest.fixture(scope="module")
def acme():
    return identity("acme")


def unpack(outgoing, acme, hub, micalg="sha-256"):
    entity = mime.http_entity(outgoing.headers["Content-Type"], outgoing.body)
    return mime.unpack(entity, [acme], [hub[0]], micalg)


@pytest.mark.parametrize("cipher", ["aes128", "aes192", "aes256", "3des"])
@pytest.mark.parametrize("micalg", ["sha-256", "sha-384", "sha-512", "sha1"])
def test_signed_encrypted_round_trip_keeps_every_byte(hub, acme, cipher, micalg):
    outgoing = mime.package(
        PAYLOAD, "application/edi-x12", "asn.edi", "HUB", "ACME",
        sign_with=hub, micalg=micalg, encrypt_for=acme[0], cipher=cipher,
    )  # fmt: skip
    got = unpack(outgoing, acme, hub, micalg)
    assert got.payload == PAYLOAD, "binary content, bare line feeds included"
    assert got.encrypted and got.signed and not got.compressed
    assert got.mic == outgoing.mic
    assert got.filename == "asn.edi"
    assert "CN=hub" in cms.certificate_info(got.signer).subject


def test_compressed_before_signing(hub, acme):
    outgoing = mime.package(
        PAYLOAD * 50, "application/edi-x12", "asn.edi", "HUB", "ACME",
        sign_with=hub, encrypt_for=acme[0], compress=True,
    )  # fmt: skip
    got = unpack(outgoing, acme, hub)
    assert got.compressed and got.payload == PAYLOAD * 50
    assert got.mic == outgoing.mic, "the MIC covers the compressed entity that was signed"


def test_openssl_smime_verifies_what_we_sign_in_base64(hub, tmp_path):
    """Another S/MIME reader (OpenSSL's, which rewrites line ends) accepts our signature."""
    outgoing = mime.package(
        PAYLOAD, "application/edi-x12", "asn.edi", "HUB", "ACME", sign_with=hub,
        encoding="base64",
    )  # fmt: skip
    certificate = tmp_path / "hub.pem"
    certificate.write_bytes(hub[0])
    done = subprocess.run(
        ["openssl", "smime", "-verify", "-noverify", "-nointern", "-certfile", str(certificate)],
        input=mime.http_entity(outgoing.headers["Content-Type"], outgoing.body),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert mime.decoded_body(done.stdout) == PAYLOAD


def test_tampered_content_is_an_integrity_failure(hub, acme):
    outgoing = mime.package(PAYLOAD, "application/edi-x12", "a.edi", "HUB", "ACME", sign_with=hub)
    tampered = outgoing.body.replace(b"ST*856", b"ST*857")
    entity = mime.http_entity(outgoing.headers["Content-Type"], tampered)
    with pytest.raises(cms.CmsError) as caught:
        mime.unpack(entity, [], [hub[0]])
    assert caught.value.reason == "integrity-check-failed"


def test_unknown_signer_and_wrong_recipient(hub, acme):
    outgoing = mime.package(
        PAYLOAD, "application/edi-x12", "a.edi", "HUB", "ACME", sign_with=hub,
        encrypt_for=acme[0],
    )  # fmt: skip
    with pytest.raises(cms.CmsError) as caught:
        unpack(outgoing, acme, acme)  # the signer is not among the certificates given
    assert caught.value.reason == "authentication-failed"
    with pytest.raises(cms.CmsError) as caught:
        unpack(outgoing, hub, hub)  # not encrypted for this key
    assert caught.value.reason == "decryption-failed"


def test_mdn_signed_read_back_and_mic_compared(hub, acme):
    mdn = mime.Mdn("<1@hub>", "processed", "abc=, sha-256", final_recipient="ACME")
    headers, body = mime.mdn_response(mdn, "ACME", "HUB", "acme.example", sign_with=acme)
    got = mime.unpack(mime.http_entity(headers["Content-Type"], body), [], [acme[0]])
    read = mime.read_mdn(got.report)
    assert got.signed and read.positive and read.original_message_id == "<1@hub>"
    assert mime.same_mic(read.mic, "abc=, SHA256") and not mime.same_mic(read.mic, "abd=, sha-256")
    negative = mime.Mdn("<2@hub>", "processed/error: decryption-failed", final_recipient="ACME")
    headers, body = mime.mdn_response(negative, "ACME", "HUB", "acme.example")
    entity = mime.http_entity(headers["Content-Type"], body)
    read = mime.read_mdn(mime.unpack(entity, [], []).report)
    assert not read.positive and read.error == "decryption-failed"


def test_requested_micalg_and_as2_id_quoting():
    options = (
        "signed-receipt-protocol=optional, pkcs7-signature; "
        "signed-receipt-micalg=optional, sha1, md5"
    )
    assert mime.requested_micalg(options) == "sha1"
    assert mime.requested_micalg("") is None
    assert mime.quote_as2_id("ACME RETAIL") == '"ACME RETAIL"'
    assert mime.unquote_as2_id('"ACME RETAIL"') == "ACME RETAIL"


def test_certificate_details_and_key_match(hub, acme):
    info = cms.certificate_info(hub[0])
    assert info.subject == "CN=hub" and cms.is_valid(info)
    assert len(info.fingerprint_sha256) == 64
    assert cms.key_matches(hub[0], hub[1]) and not cms.key_matches(hub[0], acme[1])
    with pytest.raises(ValueError):
        cms.certificate_info(b"not a certificate")
