"""SFTP mailboxes through paramiko, the host key pinned by its SHA256 fingerprint."""

import base64
import contextlib
import errno
import hashlib
import io
import logging
import posixpath
import socket
import stat
import time

import paramiko

from .errors import AuthenticationError, PermanentTransportError, TransportError
from .mailbox import HostKeyMismatch, MailboxClient, RemoteFile

KEY_CLASSES = (paramiko.Ed25519Key, paramiko.ECDSAKey, paramiko.RSAKey)

# paramiko says INFO on every connection (a poll a minute per flow): warnings only, unless
# the server's log configuration chose a level for it.
if logging.getLogger("paramiko").level == logging.NOTSET:
    logging.getLogger("paramiko").setLevel(logging.WARNING)


def fingerprint(key):
    """A host key's fingerprint as OpenSSH prints it: ``SHA256:`` and unpadded base64."""
    digest = hashlib.sha256(key.asbytes()).digest()
    return "SHA256:" + base64.b64encode(digest).decode().rstrip("=")


def load_private_key(text, passphrase=None):
    """The paramiko key of an OpenSSH or PEM private key ``text`` (Ed25519, ECDSA, RSA)."""
    problems = []
    for cls in KEY_CLASSES:
        try:
            return cls.from_private_key(io.StringIO(text.strip() + "\n"), password=passphrase)
        except paramiko.PasswordRequiredException as err:
            raise AuthenticationError(
                "The private key is encrypted: store its passphrase as the password."
            ) from err
        except (paramiko.SSHException, ValueError) as err:
            problems.append(str(err))
    raise AuthenticationError(
        "The private key cannot be read (OpenSSH or PEM Ed25519, ECDSA or RSA key expected).",
        problems=problems,
    )


class SftpClient(MailboxClient):
    """One SFTP session. ``host_key_fingerprint`` pins the server's key: another key
    refuses the connection before any credential is sent (``HostKeyMismatch``). Without a
    pin only ``trust_unknown=True`` (Test connection) connects, and only to show the key:
    no credential goes to a server nobody trusted yet (``logged_in`` stays False)."""

    def __init__(
        self,
        host,
        port=22,
        username=None,
        password=None,
        private_key=None,
        host_key_fingerprint=None,
        trust_unknown=False,
        timeout_connect=10.0,
        timeout_read=30.0,
    ):
        self.host, self.port = host, int(port or 22)
        self.transport = self.sftp = None
        self.logged_in = False
        started = time.monotonic()
        try:
            sock = socket.create_connection((host, self.port), timeout=timeout_connect)
        except OSError as err:
            raise TransportError(f"Cannot connect to {host}:{self.port}: {err}") from err
        try:
            self.transport = paramiko.Transport(sock)
            self.transport.banner_timeout = self.transport.auth_timeout = timeout_connect
            self.transport.start_client(timeout=timeout_connect)
            self.offered_fingerprint = fingerprint(self.transport.get_remote_server_key())
            self._check_host_key(host_key_fingerprint, trust_unknown)
            if host_key_fingerprint:
                self._authenticate(username, password, private_key)
                self.sftp = paramiko.SFTPClient.from_transport(self.transport)
                self.sftp.get_channel().settimeout(timeout_read)
                self.logged_in = True
        except Exception as err:
            self.close()
            if isinstance(err, TransportError | AuthenticationError):
                raise
            raise TransportError(f"SFTP session with {host}:{self.port} failed: {err}") from err
        self.connect_ms = int((time.monotonic() - started) * 1000)

    def _check_host_key(self, pinned, trust_unknown):
        offered = self.offered_fingerprint
        if pinned and pinned.strip() != offered:
            raise HostKeyMismatch(pinned.strip(), offered)
        if not pinned and not trust_unknown:
            raise PermanentTransportError(
                f"The host key of {self.host} is not trusted yet (offered {offered}).",
                hint="A manager checks the fingerprint with the partner, then trusts it "
                "with Test connection.",
                offered=offered,
            )

    def _authenticate(self, username, password, private_key):
        try:
            if private_key:
                key = load_private_key(private_key, password or None)
                self.transport.auth_publickey(username, key)
            else:
                self.transport.auth_password(username, password or "")
        except paramiko.AuthenticationException as err:
            raise AuthenticationError(
                f"{self.host} refused the credentials of {username}: {err}"
            ) from err

    # ------------------------------------------------------------------ MailboxClient
    def _call(self, what, path, function, *args):
        """Run an SFTP call, turning its failures into the suite's errors."""
        try:
            return function(*args)
        except FileNotFoundError:
            raise
        except PermissionError as err:
            raise PermanentTransportError(f"{what} {path}: permission denied ({err})") from err
        except (OSError, EOFError, paramiko.SSHException) as err:
            if not self.transport or not self.transport.is_active():
                raise TransportError(f"{what} {path}: the connection dropped ({err})") from err
            raise TransportError(f"{what} {path}: {err}") from err

    def listdir(self, directory):
        entries = self._call("List", directory, self.sftp.listdir_attr, directory or ".")
        return sorted(
            (
                RemoteFile(entry.filename, entry.st_size or 0, float(entry.st_mtime or 0))
                for entry in entries
                if entry.st_mode is not None and stat.S_ISREG(entry.st_mode)
            ),
            key=lambda f: f.name,
        )

    def read(self, path):  # pylint: disable=method-required-super
        buffer = io.BytesIO()
        self._call("Read", path, self.sftp.getfo, path, buffer)
        return buffer.getvalue()

    def write(self, path, data):  # pylint: disable=method-required-super
        self._call("Write", path, self.sftp.putfo, io.BytesIO(data), path, len(data), None, False)

    def rename(self, src, dst):
        # OpenSSH's SFTP rename links the new name and never replaces an existing file
        try:
            self._call("Rename", src, self.sftp.rename, src, dst)
        except (FileNotFoundError, TransportError) as err:
            if self.transport.is_active() and self.exists(dst):
                raise FileExistsError(errno.EEXIST, "The remote file exists", dst) from err
            raise

    def remove(self, path):
        self._call("Remove", path, self.sftp.remove, path)

    def exists(self, path):
        try:
            self._call("Stat", path, self.sftp.stat, path)
        except FileNotFoundError:
            return False
        return True

    def mkdir(self, path):
        """Create the directory ``path`` unless it exists (an archive directory)."""
        if not self.exists(path):
            self._call("Create", path, self.sftp.mkdir, path)

    def describe(self):
        info = {
            "host_key_fingerprint": self.offered_fingerprint,
            "host_key_type": self.transport.get_remote_server_key().get_name(),
            "banner": self.transport.remote_version,
            "connect_ms": self.connect_ms,
            "logged_in": self.logged_in,
        }
        if self.logged_in:
            info["cwd"] = posixpath.normpath(self._call("Locate", ".", self.sftp.normalize, "."))
        return info

    def alive(self):
        return self.transport is not None and self.transport.is_active()

    def close(self):
        for part in (self.sftp, self.transport):
            if part is not None:
                with contextlib.suppress(Exception):
                    part.close()
        self.sftp = self.transport = None
