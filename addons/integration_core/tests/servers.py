# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Real partner mailboxes on 127.0.0.1 for the tests: started by a test class, stopped after.

Each server keeps everything in a temporary directory (keys, configuration, the files it
serves) and listens on a free port. ``tools/test`` checks the programs are installed.
"""

import contextlib
import datetime
import ipaddress
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

SSHD = "/usr/sbin/sshd"


def free_port():
    """A TCP port of 127.0.0.1 nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, process, timeout=10.0):
    """Return once something accepts connections on ``port``; fail if ``process`` died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


class _ServerProcess:
    """What the servers here share: a program on a free port of 127.0.0.1 kept in ``dir``,
    serving the files under ``root``; started and stopped, its sessions dropped, a context
    manager. A subclass gives ``_command()`` and the name of its log file."""

    log_name = "server.log"

    def _command(self):
        raise NotImplementedError

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 - fixed program, our own config
            self._command(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=open(self.dir / self.log_name, "ab"),  # noqa: SIM115 - closed with the process
        )
        wait_for_port(self.port, self.process)
        return self

    def stop(self):
        """Stop the listener and the sessions it forked."""
        if self.process and self.process.poll() is None:
            self.drop_connections()
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def drop_connections(self):
        """Kill every session (a child of the listener), as a network failure would; new
        connections are still accepted."""
        import psutil  # noqa: PLC0415 - Odoo's own dependency, only needed here

        if not self.process:
            return
        for child in psutil.Process(self.process.pid).children(recursive=True):
            with contextlib.suppress(psutil.NoSuchProcess):
                child.kill()

    def local_path(self, *parts):
        """Where the remote ``<parts>`` lies on this machine."""
        return self.root.joinpath(*parts)

    @staticmethod
    def put(path, data):
        """Drop a file as the partner would, readable by the server's user whatever the umask."""
        path.write_bytes(data)
        path.chmod(0o644)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class SshdServer(_ServerProcess):
    """OpenSSH's sshd serving SFTP (``internal-sftp``) to the running user, key auth only.

    ``root`` is a directory the tests put files in and read back (absolute paths: no
    chroot); ``client_key`` the private key (OpenSSH text) an endpoint logs in with;
    ``fingerprint`` the host key's ``SHA256:...``. A context manager; ``replace_host_key``
    restarts it with a new host key on the same port, ``drop_connections`` kills the
    sessions (the listener stays) as a network failure would.
    """

    def __init__(self):
        if not os.path.exists(SSHD):
            raise RuntimeError(f"{SSHD} is missing: install the Debian package openssh-server")
        self.dir = Path(tempfile.mkdtemp(prefix="integration-sshd-"))
        self.root = self.dir / "files"
        self.root.mkdir()
        self.port = free_port()
        self.user = os.environ.get("USER") or _login_name()
        self.process = None
        self._keygen(self.dir / "client_key")
        (self.dir / "authorized_keys").write_text((self.dir / "client_key.pub").read_text())
        (self.dir / "authorized_keys").chmod(0o600)
        self._new_host_key()
        self._write_config()

    # ------------------------------------------------------------------ keys
    @staticmethod
    def _keygen(path, kind="ed25519"):
        for stale in (path, path.with_name(path.name + ".pub")):
            stale.unlink(missing_ok=True)
        subprocess.run(
            ["ssh-keygen", "-q", "-t", kind, "-N", "", "-C", "integration-test", "-f", str(path)],
            check=True,
            capture_output=True,
        )

    def _new_host_key(self):
        self._keygen(self.dir / "host_key")

    @property
    def client_key(self):
        return (self.dir / "client_key").read_text()

    @property
    def fingerprint(self):
        """The host key's fingerprint as ``ssh-keygen -l`` prints it (``SHA256:...``)."""
        out = subprocess.run(
            ["ssh-keygen", "-l", "-E", "sha256", "-f", str(self.dir / "host_key.pub")],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return out.split()[1]

    # ------------------------------------------------------------------ process
    def _write_config(self):
        (self.dir / "sshd_config").write_text(
            "\n".join(
                [
                    f"ListenAddress 127.0.0.1:{self.port}",
                    f"HostKey {self.dir / 'host_key'}",
                    f"PidFile {self.dir / 'sshd.pid'}",
                    f"AuthorizedKeysFile {self.dir / 'authorized_keys'}",
                    f"AllowUsers {self.user}",
                    "PubkeyAuthentication yes",
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    "PermitRootLogin prohibit-password",
                    "UsePAM no",
                    "StrictModes no",
                    "MaxStartups 100:30:200",
                    "MaxSessions 50",
                    "LogLevel ERROR",
                    "Subsystem sftp internal-sftp",
                    "",
                ]
            )
        )

    log_name = "sshd.log"

    def _command(self):
        return [SSHD, "-D", "-e", "-f", str(self.dir / "sshd_config")]

    def start(self):
        if os.geteuid() == 0:
            # sshd run by root needs its privilege separation directory
            os.makedirs("/run/sshd", mode=0o755, exist_ok=True)
        return super().start()

    def replace_host_key(self):
        """Restart with a new host key, as a partner's re-installed server (or an impostor)."""
        self.stop()
        self._new_host_key()
        self.start()

    def path(self, *parts):
        """An absolute remote path under ``root`` (created if it is a directory to use)."""
        return str(self.root.joinpath(*parts))

    def mkdir(self, *parts):
        directory = self.root.joinpath(*parts)
        directory.mkdir(parents=True, exist_ok=True)
        return str(directory)


def _login_name():
    import pwd  # noqa: PLC0415 - POSIX only, like sshd

    return pwd.getpwuid(os.getuid()).pw_name


VSFTPD = "/usr/sbin/vsftpd"


def make_ca(common_name, days=2):
    """A self-signed CA: ``(certificate, private key)`` (cryptography objects)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    cert = (
        _cert_builder(name, name, key.public_key(), days)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return cert, key


def issue_server_cert(ca, common_name="localhost", days=2):
    """A server certificate signed by ``ca`` for localhost and 127.0.0.1: ``(cert, key)``."""
    ca_cert, ca_key = ca
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    names = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    cert = (
        _cert_builder(subject, ca_cert.subject, key.public_key(), days)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    return cert, key


def _cert_builder(subject, issuer, public_key, days):
    now = datetime.datetime.now(datetime.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=days))
    )


def pem(cert):
    """PEM text of a certificate."""
    return cert.public_bytes(serialization.Encoding.PEM).decode()


class VsftpdServer(_ServerProcess):
    """vsftpd serving explicit FTPS (AUTH TLS forced on logins and data, TLS session reuse
    required on the data channel, as vsftpd's default), with a certificate for localhost and
    127.0.0.1 signed by a CA generated for the run (``ca_pem``; ``other_ca_pem`` is an
    unrelated CA, for the untrusted-certificate case).

    Login: vsftpd's anonymous user (``username``), whose password must be ``password``
    (``secure_email_list_enable`` with our own ``email_password_file``): a real password
    check (530 otherwise) without creating a system account or a PAM service. The session is
    chrooted into ``root`` and runs as Debian's ``ftp`` user (created by the vsftpd package;
    ``nobody`` otherwise), allowed to upload, rename and delete in the directories ``mkdir``
    creates (mode 0777; the chroot itself stays read-only as vsftpd requires). vsftpd needs
    root to chroot and switch users, which the test machines are. Passive data ports are
    ephemeral ports chosen by the kernel (no fixed range to collide with other tests).
    Remote paths are absolute in the chroot (``/inbox``); ``local_path`` is where the test
    puts and finds files.
    """

    username = "anonymous"

    def __init__(self):
        if not os.path.exists(VSFTPD):
            raise RuntimeError(f"{VSFTPD} is missing: install the Debian package vsftpd")
        if os.geteuid() != 0:
            raise RuntimeError("vsftpd must be started as root (it chroots every session)")
        self.dir = Path(tempfile.mkdtemp(prefix="integration-vsftpd-"))
        self.dir.chmod(0o755)
        self.root = self.dir / "files"
        self.root.mkdir(mode=0o755)
        (self.dir / "empty").mkdir(mode=0o755)
        self.port = free_port()
        self.password = secrets.token_urlsafe(16)
        self.process = None
        ca = make_ca("Integration test FTPS CA")
        cert, key = issue_server_cert(ca)
        self.ca_pem = pem(ca[0])
        self.other_ca_pem = pem(make_ca("Some other CA")[0])
        (self.dir / "cert.pem").write_text(pem(cert))
        key_pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        (self.dir / "key.pem").write_bytes(key_pem)
        (self.dir / "key.pem").chmod(0o600)
        (self.dir / "passwords").write_text(self.password + "\n")
        self._write_config()

    def _write_config(self):
        settings = {
            "listen": "YES",
            "listen_ipv6": "NO",
            "listen_address": "127.0.0.1",
            "listen_port": self.port,
            "background": "NO",
            "local_enable": "NO",
            "anonymous_enable": "YES",
            "anon_root": self.root,
            "ftp_username": _ftp_user(),
            "no_anon_password": "NO",
            "secure_email_list_enable": "YES",
            "email_password_file": self.dir / "passwords",
            "write_enable": "YES",
            "anon_upload_enable": "YES",
            "anon_mkdir_write_enable": "YES",
            "anon_other_write_enable": "YES",
            "anon_world_readable_only": "NO",
            "anon_umask": "022",
            "force_dot_files": "YES",  # list every file, as SFTP does
            "pasv_enable": "YES",
            "ssl_enable": "YES",
            "allow_anon_ssl": "YES",
            "force_anon_logins_ssl": "YES",
            "force_anon_data_ssl": "YES",
            "require_ssl_reuse": "YES",
            "ssl_sslv2": "NO",
            "ssl_sslv3": "NO",
            "ssl_tlsv1": "YES",
            "ssl_ciphers": "HIGH",
            "rsa_cert_file": self.dir / "cert.pem",
            "rsa_private_key_file": self.dir / "key.pem",
            "secure_chroot_dir": self.dir / "empty",
            "seccomp_sandbox": "NO",  # its prctl() is refused in some containers
            "xferlog_enable": "NO",
            "vsftpd_log_file": self.dir / "vsftpd.log",
        }
        (self.dir / "vsftpd.conf").write_text("".join(f"{k}={v}\n" for k, v in settings.items()))

    log_name = "vsftpd.err"

    def _command(self):
        return [VSFTPD, str(self.dir / "vsftpd.conf")]

    def mkdir(self, *parts):
        """Create a directory the FTP user may write in; returns its remote path."""
        directory = self.root.joinpath(*parts)
        directory.mkdir(parents=True, exist_ok=True)
        directory.chmod(0o777)
        return "/" + "/".join(parts)


def _ftp_user():
    """The unprivileged user anonymous FTP sessions run as."""
    import pwd  # noqa: PLC0415 - POSIX only, like vsftpd

    try:
        return pwd.getpwnam("ftp").pw_name
    except KeyError:
        return "nobody"


def real_smtp():
    """Lift Odoo's test-mode guard (``current_test``: ir.mail_server neither connects nor
    sends during tests) while the block runs, so mails really reach the local SmtpServer.
    Only the guard is patched: the SMTP exchange is Odoo's own."""
    from unittest.mock import patch  # noqa: PLC0415

    from odoo import modules  # noqa: PLC0415

    return patch.object(modules.module, "current_test", None)


class SmtpServer:
    """A real SMTP server (aiosmtpd) on 127.0.0.1: ``messages`` holds each mail it took,
    parsed (``email.message.EmailMessage``), its envelope in ``envelopes``. Recipients in
    ``refuse`` are answered 550, as a partner's server refuses an unknown mailbox. A
    context manager."""

    def __init__(self):
        self.port = free_port()
        self.messages = []
        self.envelopes = []
        self.refuse = set()
        self.controller = None

    def start(self):
        from aiosmtpd.controller import Controller  # noqa: PLC0415 - a test requirement only

        self.controller = Controller(_SmtpHandler(self), hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self):
        if self.controller:
            self.controller.stop()
        self.controller = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class _SmtpHandler:
    """aiosmtpd's handler: refuse what ``server.refuse`` names, keep the rest."""

    def __init__(self, server):
        self.server = server

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address.lower() in self.server.refuse:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        import email  # noqa: PLC0415
        import email.policy  # noqa: PLC0415

        raw = envelope.original_content or envelope.content
        self.server.messages.append(email.message_from_bytes(raw, policy=email.policy.default))
        self.server.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"
