"""Secrets at rest: Fernet encryption with key rotation, and hashed inbound API keys."""

import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

CONFIG_KEY = "integration_encryption_keys"
API_KEY_SCHEME = "sha256"


class SecretKeyError(Exception):
    """The encryption keys are missing or do not match the stored secret.

    Deliberately not an IntegrationError: it is a server configuration problem for the
    administrator, not a message failure to queue and retry.
    """


class SecretBox:
    """Encrypts with the first key and decrypts with any, so keys can be rotated in place.

    Rotation: put the new key first in ``integration_encryption_keys``, call ``rotate`` on
    every stored secret, then drop the old key.
    """

    def __init__(self, keys):
        if not keys:
            raise SecretKeyError(f"{CONFIG_KEY} holds no key")
        try:
            self._fernet = MultiFernet([Fernet(key) for key in keys])
        except (ValueError, TypeError) as exc:
            raise SecretKeyError(
                f"{CONFIG_KEY} holds an invalid key: each must be 32 url-safe base64-encoded bytes"
            ) from exc

    @classmethod
    def from_config(cls, value):
        """Build from the comma-separated ``integration_encryption_keys`` server option."""
        keys = [key.strip() for key in (value or "").split(",") if key.strip()]
        if not keys:
            raise SecretKeyError(
                f"{CONFIG_KEY} is not set in the Odoo server configuration; generate one with: "
                "python3 -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'"
            )
        return cls(keys)

    def encrypt(self, plain):
        """A token safe to store in the database."""
        return self._fernet.encrypt(plain.encode()).decode()

    def decrypt(self, token):
        """The plain secret behind ``token``; SecretKeyError when no configured key fits."""
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken as exc:
            raise SecretKeyError(
                f"cannot decrypt: the key that encrypted this secret is not in {CONFIG_KEY}"
            ) from exc

    def rotate(self, token):
        """``token`` re-encrypted under the primary key."""
        try:
            return self._fernet.rotate(token.encode()).decode()
        except InvalidToken as exc:
            raise SecretKeyError(
                f"cannot rotate: the key that encrypted this secret is not in {CONFIG_KEY}"
            ) from exc


def key_problem(value, tokens=()):
    """What is wrong with the ``integration_encryption_keys`` option ``value``, or None.

    ``tokens`` are stored secrets: a key ring that cannot decrypt one of them is wrong (the
    key that encrypted them was replaced or mistyped). The answer names the option, never a
    key, so it may be logged and shown on the health check.
    """
    try:
        box = SecretBox.from_config(value)
    except SecretKeyError:
        if not any(key.strip() for key in (value or "").split(",")):
            return f"{CONFIG_KEY} is missing"
        return f"{CONFIG_KEY} is malformed"
    for token in tokens:
        try:
            box.decrypt(token)
        except SecretKeyError:
            return f"{CONFIG_KEY} cannot decrypt the stored secrets (wrong key)"
    return None


def generate_key():
    """A new Fernet key, as text for the server configuration."""
    return Fernet.generate_key().decode()


def hash_api_key(key):
    """``sha256$<hex>`` of an inbound API key; the scheme prefix leaves room for a later one.

    A fast hash is enough: API keys are long random strings, not guessable passwords.
    """
    return f"{API_KEY_SCHEME}${hashlib.sha256(key.encode()).hexdigest()}"


def verify_api_key(key, stored):
    """Whether ``key`` matches the ``stored`` hash, compared in constant time."""
    if not key or not stored:
        return False
    return hmac.compare_digest(hash_api_key(key).encode(), stored.encode())
