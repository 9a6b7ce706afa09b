import pytest

from odoo.addons.integration_core.services.crypto import (
    SecretBox,
    SecretKeyError,
    generate_key,
    hash_api_key,
    key_problem,
    verify_api_key,
)


def test_secret_round_trips_and_is_not_stored_in_clear():
    box = SecretBox([generate_key()])
    token = box.encrypt("s3cr3t-password")
    assert "s3cr3t" not in token
    assert box.decrypt(token) == "s3cr3t-password"


def test_old_keys_still_decrypt_and_rotate_moves_secrets_to_the_new_key():
    old, new = generate_key(), generate_key()
    token = SecretBox([old]).encrypt("api-token")
    box = SecretBox.from_config(f" {new} , {old} ")
    assert box.decrypt(token) == "api-token"
    rotated = box.rotate(token)
    assert SecretBox([new]).decrypt(rotated) == "api-token"


def test_secret_from_a_removed_key_gives_a_clear_error():
    token = SecretBox([generate_key()]).encrypt("api-token")
    with pytest.raises(SecretKeyError, match="not in integration_encryption_keys"):
        SecretBox([generate_key()]).decrypt(token)
    with pytest.raises(SecretKeyError, match="not in integration_encryption_keys"):
        SecretBox([generate_key()]).rotate(token)


@pytest.mark.parametrize("value", [None, "", " , "])
def test_missing_configuration_explains_how_to_generate_a_key(value):
    with pytest.raises(SecretKeyError) as info:
        SecretBox.from_config(value)
    message = str(info.value)
    assert "integration_encryption_keys is not set in the Odoo server configuration" in message
    assert "Fernet.generate_key()" in message


def test_malformed_key_is_reported_without_echoing_it():
    with pytest.raises(SecretKeyError, match="invalid key") as info:
        SecretBox.from_config("not-a-fernet-key")
    assert "not-a-fernet-key" not in str(info.value)


def test_api_key_hash_has_a_scheme_and_verifies_in_constant_time():
    stored = hash_api_key("ik_live_abc123")
    assert stored.startswith("sha256$")
    assert len(stored) == len("sha256$") + 64
    assert "ik_live_abc123" not in stored
    assert verify_api_key("ik_live_abc123", stored)
    assert not verify_api_key("ik_live_abc124", stored)
    assert not verify_api_key("", stored)
    assert not verify_api_key("ik_live_abc123", None)


def test_key_problem_tells_missing_malformed_and_wrong_keys_apart():
    key = generate_key()
    token = SecretBox([key]).encrypt("api-token")
    assert key_problem(key, [token]) is None
    assert key_problem(f"{generate_key()},{key}", [token]) is None
    assert key_problem("", [token]) == "integration_encryption_keys is missing"
    assert key_problem(" , ", []) == "integration_encryption_keys is missing"
    assert key_problem("not-a-key", []) == "integration_encryption_keys is malformed"
    wrong = key_problem(generate_key(), [token])
    assert wrong == "integration_encryption_keys cannot decrypt the stored secrets (wrong key)"
    assert key not in wrong
