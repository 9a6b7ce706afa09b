"""File mailboxes (SFTP, FTPS): the client contract and the pure rules of pick-up and delivery.

A transport's client (``sftp_client.SftpClient``, ``ftps_client.FtpsClient``) implements
``MailboxClient``; the ORM side (``integration.transport.mailbox``) only speaks to that
contract, so polling, exactly-once pick-up and atomic delivery are written once.
"""

import abc
import contextlib
import fnmatch
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass

from .errors import PermanentTransportError

# A member or archive beyond these sizes is refused: a zip bomb must not fill the database.
ZIP_MAX_MEMBERS = 1000
ZIP_MAX_MEMBER_SIZE = 50 * 1024 * 1024
ZIP_MAX_TOTAL_SIZE = 200 * 1024 * 1024
ZIP_MAX_RATIO = 200

PLACEHOLDERS = ("partner", "document_type", "control_number", "timestamp", "message", "ext")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class RemoteFile:
    """One regular file of a remote directory as listed: its base name, bytes and mtime."""

    name: str
    size: int
    mtime: float


class HostKeyMismatch(PermanentTransportError):
    """The server offered another host key than the pinned one: never connect (a person
    must check whether the partner changed its key or someone is in the middle)."""

    def __init__(self, expected, offered, hint=None):
        super().__init__(
            f"Host key mismatch: expected {expected}, the server offered {offered}.",
            hint=hint
            or "Check with the partner whether its host key changed; a manager trusts the "
            "new key with Test connection.",
            expected=expected,
            offered=offered,
        )
        self.expected = expected
        self.offered = offered


class MailboxClient(abc.ABC):
    """One open connection to a partner's mailbox; a context manager that closes it.

    Network and authentication problems raise ``errors.TransportError`` (retryable),
    ``AuthenticationError`` or ``PermanentTransportError``; paths are POSIX paths.
    """

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()
        return False

    @abc.abstractmethod
    def listdir(self, directory):
        """The regular files of ``directory`` as ``RemoteFile``s (no directories, no links)."""

    @abc.abstractmethod
    def read(self, path):  # pylint: disable=method-required-super
        """The bytes of the file at ``path``."""

    @abc.abstractmethod
    def write(self, path, data):  # pylint: disable=method-required-super
        """Write ``data`` to ``path`` (created or truncated)."""

    @abc.abstractmethod
    def rename(self, src, dst):
        """Rename ``src`` to ``dst``; raise ``FileExistsError`` when ``dst`` exists."""

    @abc.abstractmethod
    def remove(self, path):
        """Delete the file at ``path``."""

    @abc.abstractmethod
    def exists(self, path):
        """Whether ``path`` exists."""

    @abc.abstractmethod
    def describe(self):
        """What Test connection shows (dict): host key fingerprint or certificate, banner."""

    @abc.abstractmethod
    def close(self):
        """Close the connection; safe to call twice."""

    def alive(self):
        """Whether the connection is still open, so a later send may reuse it; False (the
        default) when the client cannot tell: it is then never reused."""
        return False


def file_name(template, values):
    """The remote file name of ``template`` filled with ``values`` (PLACEHOLDERS), made a
    safe base name: no directory part, no characters a partner's system may choke on."""
    safe = {
        key: "" if values.get(key) is None else _UNSAFE.sub("_", str(values[key]))
        for key in PLACEHOLDERS
    }
    filled = (template or "{message}.{ext}").format_map(safe)
    name = _UNSAFE.sub("_", posixpath.basename(filled.replace("\\", "/"))).strip("._")
    if not name:
        raise ValueError(f"The file name template {template!r} gives an empty name.")
    return name


def stable(first, second):
    """The files of ``second`` whose size and mtime did not change since ``first``: a file
    still being written is left for a later poll."""
    before = {(f.name, f.size, f.mtime) for f in first}
    return [f for f in second if (f.name, f.size, f.mtime) in before]


def matches(name, pattern, case_sensitive=False):
    """Whether ``name`` matches the shell pattern(s) ``pattern`` (comma separated)."""
    patterns = [p.strip() for p in (pattern or "*").split(",") if p.strip()] or ["*"]
    if case_sensitive:
        return any(fnmatch.fnmatchcase(name, p) for p in patterns)
    return any(fnmatch.fnmatchcase(name.lower(), p.lower()) for p in patterns)


def is_zip(name, data):
    """Whether a picked-up file is a zip archive to unpack (by name and magic bytes)."""
    return name.lower().endswith(".zip") and data[:4] == b"PK\x03\x04"


def unpack_zip(
    data,
    max_members=ZIP_MAX_MEMBERS,
    max_member_size=ZIP_MAX_MEMBER_SIZE,
    max_total_size=ZIP_MAX_TOTAL_SIZE,
    max_ratio=ZIP_MAX_RATIO,
):
    """The regular members of a zip archive as ``[(base name, bytes)]``, in archive order.

    Raises ValueError for a broken archive or one over the limits (members, member size,
    total size, compression ratio), read in bounded chunks so a lying header cannot
    inflate more than the limits.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as err:
        raise ValueError(f"Not a readable zip archive: {err}") from err
    members = [info for info in archive.infolist() if not info.is_dir()]
    if len(members) > max_members:
        raise ValueError(f"The archive has {len(members)} members, more than {max_members}.")
    result, total = [], 0
    for info in members:
        limit = min(max_member_size, max(info.compress_size, 1) * max_ratio)
        chunks, size = [], 0
        try:
            with archive.open(info) as member:
                while chunk := member.read(65536):
                    size += len(chunk)
                    total += len(chunk)
                    if size > limit or total > max_total_size:
                        raise ValueError(
                            f"The archive member {info.filename} inflates beyond the limits."
                        )
                    chunks.append(chunk)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError) as err:
            raise ValueError(f"The archive member {info.filename} cannot be read: {err}") from err
        result.append((posixpath.basename(info.filename), b"".join(chunks)))
    return result


def put_atomic(client, directory, name, data, temp_prefix=".", temp_suffix=".part"):
    """Write ``data`` as ``directory/name`` so a reader never sees it half-written: upload
    under a temporary name, then rename into place. Never overwrites: when ``name`` exists
    the temporary file is removed and ``FileExistsError`` raised. Returns the final path."""
    final = posixpath.join(directory or ".", name)
    temp = posixpath.join(directory or ".", f"{temp_prefix}{name}{temp_suffix}")
    client.write(temp, data)
    try:
        client.rename(temp, final)
    except FileExistsError:
        # the collision is the error worth reporting, not a failed clean-up
        with contextlib.suppress(Exception):
            client.remove(temp)
        raise
    return final
