import io
import zipfile

import pytest

from odoo.addons.integration_core.services.errors import PermanentTransportError
from odoo.addons.integration_core.services.mailbox import (
    HostKeyMismatch,
    MailboxClient,
    RemoteFile,
    file_name,
    is_zip,
    matches,
    put_atomic,
    stable,
    unpack_zip,
)


class DictMailbox(MailboxClient):
    """An in-memory mailbox keeping the contract (rename never overwrites)."""

    def __init__(self):
        self.files = {}
        self.closed = False
        self.fail_remove = False

    def listdir(self, directory):
        prefix = directory.rstrip("/") + "/"
        return [
            RemoteFile(path[len(prefix) :], len(data), 0.0)
            for path, data in self.files.items()
            if path.startswith(prefix) and "/" not in path[len(prefix) :]
        ]

    def read(self, path):
        return self.files[path]

    def write(self, path, data):
        self.files[path] = data

    def rename(self, src, dst):
        if dst in self.files:
            raise FileExistsError(dst)
        self.files[dst] = self.files.pop(src)

    def remove(self, path):
        if self.fail_remove:
            raise OSError("gone")
        del self.files[path]

    def exists(self, path):
        return path in self.files

    def describe(self):
        return {}

    def close(self):
        self.closed = True


def zipped(members, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def test_file_name_fills_the_placeholders():
    values = {
        "partner": "ACME",
        "document_type": "order",
        "control_number": 42,
        "timestamp": "20260101T120000",
        "message": "MSG/0001",
        "ext": "edi",
    }
    template = "{partner}_{document_type}_{control_number}_{timestamp}.{ext}"
    assert file_name(template, values) == "ACME_order_42_20260101T120000.edi"
    assert file_name("{message}.{ext}", values) == "MSG_0001.edi"


def test_file_name_is_a_safe_base_name():
    assert file_name("../../etc/{message}", {"message": "passwd"}) == "passwd"
    assert file_name("{partner} & co?.txt", {"partner": "A B"}) == "A_B_co_.txt"
    assert file_name("{partner}.{ext}", {"ext": "x"}) == "x"
    with pytest.raises(ValueError):
        file_name("{partner}", {})


def test_file_name_refuses_unknown_placeholders():
    with pytest.raises(KeyError):
        file_name("{nope}", {})


def test_stable_keeps_only_files_unchanged_between_two_looks():
    first = [RemoteFile("a", 10, 1.0), RemoteFile("b", 10, 1.0), RemoteFile("c", 5, 1.0)]
    second = [RemoteFile("a", 10, 1.0), RemoteFile("b", 20, 2.0), RemoteFile("d", 1, 1.0)]
    assert stable(first, second) == [RemoteFile("a", 10, 1.0)]


def test_matches_is_case_insensitive_by_default_and_takes_several_patterns():
    assert matches("ORDER1.EDI", "*.edi")
    assert not matches("ORDER1.EDI", "*.edi", case_sensitive=True)
    assert matches("a.xml", "*.edi, *.xml")
    assert matches("anything", "")
    assert not matches("a.txt", "*.edi")


def test_unpack_zip_gives_one_entry_per_regular_member():
    data = zipped([("dir/one.edi", b"1"), ("two.edi", b"22"), ("dir/", b"")])
    assert is_zip("daily.ZIP", data)
    assert not is_zip("daily.edi", data)
    assert unpack_zip(data) == [("one.edi", b"1"), ("two.edi", b"22")]


def test_unpack_zip_refuses_broken_archives_and_bombs():
    with pytest.raises(ValueError, match="zip"):
        unpack_zip(b"PK\x03\x04garbage")
    bomb = zipped([("bomb.txt", b"\0" * 2_000_000)])
    with pytest.raises(ValueError, match="limits"):
        unpack_zip(bomb)
    with pytest.raises(ValueError, match="members"):
        unpack_zip(zipped([(f"{i}.txt", b"x") for i in range(5)]), max_members=4)
    with pytest.raises(ValueError, match="limits"):
        unpack_zip(zipped([("a", b"x" * 100), ("b", b"y" * 100)]), max_total_size=150)


def test_put_atomic_writes_under_a_temporary_name_then_renames():
    box = DictMailbox()
    writes = []
    original = box.write

    def spy(path, data):
        writes.append(path)
        original(path, data)

    box.write = spy
    assert put_atomic(box, "/out", "a.edi", b"data") == "/out/a.edi"
    assert writes == ["/out/.a.edi.part"]
    assert box.files == {"/out/a.edi": b"data"}


def test_put_atomic_never_overwrites_and_cleans_its_temporary_file():
    box = DictMailbox()
    box.files["/out/a.edi"] = b"first"
    with pytest.raises(FileExistsError):
        put_atomic(box, "/out", "a.edi", b"second")
    assert box.files == {"/out/a.edi": b"first"}
    box.fail_remove = True
    with pytest.raises(FileExistsError):
        put_atomic(box, "/out", "a.edi", b"second")
    assert box.files["/out/a.edi"] == b"first"


def test_client_is_a_context_manager_closing_the_connection():
    with DictMailbox() as box:
        assert not box.closed
    assert box.closed


def test_host_key_mismatch_names_both_fingerprints_and_is_permanent():
    err = HostKeyMismatch("SHA256:old", "SHA256:new")
    assert isinstance(err, PermanentTransportError)
    assert not err.retryable
    assert "SHA256:old" in err.message and "SHA256:new" in err.message
    assert err.details == {"expected": "SHA256:old", "offered": "SHA256:new"}
