"""FTP over TLS (explicit, RFC 4217): a ``MailboxClient`` on the standard library's ftplib.

The control and data channels are encrypted (AUTH TLS, PROT P), passive mode only, and the
server's certificate is verified against the system CAs or the endpoint's own CA (PEM), its
host name or IP address checked. The data channel resumes the control channel's TLS session,
as vsftpd (``require_ssl_reuse``, its default) and other servers demand, so no one can slip a
foreign connection onto the data port. Messages name host, port and path, never credentials.
"""

import calendar
import contextlib
import ftplib
import hashlib
import io
import posixpath
import re
import ssl
import time

from cryptography import x509

from .errors import AuthenticationError, PermanentTransportError, TransportError
from .mailbox import MailboxClient, RemoteFile

# Replies of a server that lacks a command (MLSD, MDTM): fall back, do not fail.
UNSUPPORTED_CODES = frozenset({500, 501, 502, 504})
# A Unix ``ls -l`` line as LIST sends it (vsftpd, ProFTPD, Pure-FTPd...).
_LIST_LINE = re.compile(
    r"^(?P<type>[-dlbcps])\S{9}\S?\s+\d+\s+\S+\s+\S+\s+(?P<size>\d+)\s+"
    r"(?P<month>[A-Za-z]{3})\s+(?P<day>\d{1,2})\s+(?P<when>\d{1,2}:\d{2}|\d{4})\s(?P<name>.+)$"
)
_MONTHS = {m: i for i, m in enumerate(calendar.month_abbr) if m}


class _FtpTls(ftplib.FTP_TLS):
    """FTP_TLS whose data connections resume the control connection's TLS session."""

    def ntransfercmd(self, cmd, rest=None):
        conn, size = ftplib.FTP.ntransfercmd(self, cmd, rest)
        if self._prot_p:
            conn = self.context.wrap_socket(
                conn, server_hostname=self.host, session=self.sock.session
            )
        return conn, size


def tls_context(ca_certificate=None):
    """The context the server's certificate is checked with: the system CAs, or only the
    given CA certificate(s) (PEM text) when the partner runs its own CA."""
    try:
        context = ssl.create_default_context(cadata=ca_certificate or None)
    except (ssl.SSLError, ValueError) as err:
        raise PermanentTransportError(
            f"The CA certificate of the endpoint is not a readable PEM certificate: {err}",
            hint="Paste the partner's CA certificate (-----BEGIN CERTIFICATE----- ...).",
        ) from err
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def certificate_summary(der):
    """Subject, issuer, expiry and SHA-256 fingerprint of a DER certificate, as shown to
    people (Test connection, refusals)."""
    cert = x509.load_der_x509_certificate(der)
    expires = getattr(cert, "not_valid_after_utc", None) or cert.not_valid_after
    digest = hashlib.sha256(der).hexdigest().upper()
    return {
        "certificate_subject": cert.subject.rfc4514_string(),
        "certificate_issuer": cert.issuer.rfc4514_string(),
        "certificate_expires": expires.strftime("%Y-%m-%d %H:%M:%S UTC"),
        "certificate_fingerprint": "SHA256:"
        + ":".join(digest[i : i + 2] for i in range(0, len(digest), 2)),
    }


def _code(err):
    """The reply code of an ftplib error ('550 No such file' → 550), 0 if none."""
    text = str(err.args[0] if err.args else err)
    return int(text[:3]) if text[:3].isdigit() else 0


def _mdtm_time(value):
    """Unix time of an MDTM / MLSD ``modify`` value (YYYYMMDDHHMMSS[.fff], UTC)."""
    whole, _dot, fraction = value.strip().partition(".")
    seconds = calendar.timegm(time.strptime(whole[:14], "%Y%m%d%H%M%S"))
    return seconds + (float(f"0.{fraction}") if fraction.isdigit() else 0.0)


def _list_time(month, day, when, now=None):
    """Unix time of a LIST date (minute precision at best): ``Dec 02 21:24`` (within the
    last six months) or ``Dec 02 2025``; 0.0 for a month name in another language."""
    number = _MONTHS.get(month.title())
    if number is None:
        return 0.0
    now = time.gmtime(now)
    if ":" in when:
        hour, minute = (int(part) for part in when.split(":"))
        stamp = calendar.timegm((now.tm_year, number, int(day), hour, minute, 0))
        if stamp > calendar.timegm(now) + 86400:  # "Dec 31 23:00" seen on Jan 1st
            stamp = calendar.timegm((now.tm_year - 1, number, int(day), hour, minute, 0))
        return float(stamp)
    return float(calendar.timegm((int(when), number, int(day), 0, 0, 0)))


class FtpsClient(MailboxClient):
    """One logged-in FTPS session (explicit TLS on the control port, 21 by default)."""

    def __init__(
        self,
        host,
        port=21,
        username="anonymous",
        password="",
        ca_certificate=None,
        timeout_connect=10.0,
        timeout_read=30.0,
    ):
        self.host = host
        self.port = int(port or 21)
        self._mlsd = None  # unknown until the server answers MLSD once
        self._timeout_connect = timeout_connect
        started = time.monotonic()
        self._ftp = _FtpTls(context=tls_context(ca_certificate), timeout=timeout_connect)
        try:
            with self._errors("connect to"):
                self._ftp.connect(host, self.port, timeout=timeout_connect)
                self._ftp.auth()
                self._ftp.login(username or "anonymous", password or "")
                self._ftp.prot_p()
                self._ftp.voidcmd("TYPE I")  # SIZE is refused in ASCII mode by vsftpd
                self._home = self._ftp.pwd()
        except Exception:
            self._ftp.close()
            raise
        # data connections open with this timeout too (ftplib uses self.timeout for them)
        self._ftp.timeout = timeout_read
        self._ftp.sock.settimeout(timeout_read)
        self.connect_ms = int((time.monotonic() - started) * 1000)

    # -------------------------------------------------------------- errors
    @contextlib.contextmanager
    def _errors(self, action, path=""):
        """Sort ftplib, socket and TLS failures into the suite's transport errors."""
        where = f"{self.host}:{self.port}{(' ' + path) if path else ''}"
        try:
            yield
        except ssl.SSLCertVerificationError as err:
            offered = self._offered_certificate() or {}
            shown = (
                f" It presents {offered['certificate_subject']}, issued by "
                f"{offered['certificate_issuer']}, valid until "
                f"{offered['certificate_expires']}, {offered['certificate_fingerprint']}."
                if offered
                else ""
            )
            raise PermanentTransportError(
                f"The TLS certificate of {self.host}:{self.port} was refused: "
                f"{err.verify_message or err.reason}.{shown} Nothing was sent.",
                hint="Set the endpoint's CA certificate to the CA that signed the partner's "
                "certificate, and check that the host name is one the certificate names.",
                certificate_error=err.verify_message,
                **offered,
            ) from err
        except ftplib.error_perm as err:
            code = _code(err)
            if code == 530:
                raise AuthenticationError(
                    f"The FTPS server {self.host}:{self.port} refused the login: {err}",
                    hint="Check the endpoint's user name and password.",
                ) from err
            raise PermanentTransportError(
                f"Could not {action} {where}: {err}", status=code or None
            ) from err
        except ftplib.error_temp as err:
            raise TransportError(f"Could not {action} {where}: {err}", status=_code(err)) from err
        except (ftplib.error_reply, ftplib.error_proto) as err:
            raise TransportError(f"Unexpected answer to {action} {where}: {err}") from err
        except (FileNotFoundError, FileExistsError):
            raise  # the mailbox contract's own answers (see _missing, rename)
        except (OSError, EOFError) as err:  # network, timeouts, TLS errors other than the cert
            raise TransportError(
                f"Could not {action} {where}: {err.__class__.__name__} {err}"
            ) from err

    def _missing(self, err, path):
        """A 550 on ``path``: FileNotFoundError when the file is not there, else the error."""
        if isinstance(err, ftplib.error_perm) and _code(err) == 550 and not self.exists(path):
            raise FileNotFoundError(path) from err

    # -------------------------------------------------------------- listing
    def listdir(self, directory):
        with self._errors("list", directory):
            if self._mlsd is not False:
                try:
                    files = self._listdir_mlsd(directory)
                except ftplib.error_perm as err:
                    if _code(err) not in UNSUPPORTED_CODES:
                        raise
                    self._mlsd = False
                else:
                    self._mlsd = True
                    return sorted(files, key=lambda f: f.name)
            files = sorted(self._listdir_list(directory), key=lambda f: f.name)
        if not files and not self.exists(directory or "."):
            # vsftpd lists a missing directory as an empty one: say it is missing
            raise PermanentTransportError(
                f"The directory {directory} does not exist on {self.host}:{self.port}."
            )
        return files

    def _listdir_mlsd(self, directory):
        files = []
        for name, facts in self._ftp.mlsd(directory or ".", facts=[]):
            if facts.get("type", "").lower() != "file":
                continue
            modify = facts.get("modify")
            files.append(
                RemoteFile(
                    posixpath.basename(name),
                    int(facts.get("size", 0)),
                    _mdtm_time(modify) if modify else 0.0,
                )
            )
        return files

    def _listdir_list(self, directory):
        """LIST in ``ls -l`` form for names, kinds and sizes, then MDTM for exact times
        (the LIST date has minute precision at best). Servers with another LIST format:
        NLST, keeping the names SIZE answers for (SIZE fails on directories)."""
        lines = []
        self._ftp.retrlines(f"LIST {directory or '.'}", lines.append)
        parsed = [_LIST_LINE.match(line) for line in lines if not line.startswith("total ")]
        files = []
        if all(parsed):
            for match in parsed:
                if match["type"] != "-":
                    continue
                path = posixpath.join(directory or ".", match["name"])
                mtime = self._mdtm(path)
                if mtime is None:
                    mtime = _list_time(match["month"], match["day"], match["when"])
                files.append(RemoteFile(match["name"], int(match["size"]), mtime))
            return files
        for name in self._ftp.nlst(directory or "."):
            base = posixpath.basename(name)
            if base in (".", ".."):
                continue
            path = posixpath.join(directory or ".", base)
            try:
                size = self._ftp.size(path)
            except ftplib.error_perm:
                continue  # a directory, or nothing we may read
            files.append(RemoteFile(base, int(size or 0), self._mdtm(path) or 0.0))
        return files

    def _mdtm(self, path):
        """Modification time of ``path`` by MDTM, None when the server does not tell."""
        try:
            reply = self._ftp.sendcmd(f"MDTM {path}")
        except ftplib.error_perm as err:
            if _code(err) in UNSUPPORTED_CODES or _code(err) == 550:
                return None
            raise
        return _mdtm_time(reply[4:]) if reply.startswith("213") else None

    # -------------------------------------------------------------- files
    def read(self, path):  # pylint: disable=method-required-super
        chunks = []
        with self._errors("read", path):
            try:
                self._ftp.retrbinary(f"RETR {path}", chunks.append)
            except ftplib.error_perm as err:
                self._missing(err, path)
                raise
        return b"".join(chunks)

    def write(self, path, data):  # pylint: disable=method-required-super
        with self._errors("write", path):
            self._ftp.storbinary(f"STOR {path}", io.BytesIO(data))

    def rename(self, src, dst):
        """RNFR/RNTO overwrites an existing target on most servers (vsftpd calls rename(2)),
        so the target is looked up first. A file another client creates under ``dst``
        between that look and RNTO is still replaced: FTP has no atomic no-clobber rename;
        unique names (the file name template) keep this window harmless."""
        if self.exists(dst):
            raise FileExistsError(dst)
        with self._errors("rename", src):
            try:
                self._ftp.rename(src, dst)
            except ftplib.error_perm as err:
                self._missing(err, src)
                target = posixpath.dirname(dst) or "."
                if _code(err) == 550 and not self.exists(target):
                    raise FileNotFoundError(target) from err  # as SFTP: no such directory
                raise

    def remove(self, path):
        with self._errors("delete", path):
            try:
                self._ftp.delete(path)
            except ftplib.error_perm as err:
                self._missing(err, path)
                raise

    def exists(self, path):
        """SIZE answers for a file (in binary mode), CWD for a directory."""
        with self._errors("look up", path):
            with contextlib.suppress(ftplib.error_perm):
                self._ftp.size(path)
                return True
            try:
                self._ftp.cwd(path)
            except ftplib.error_perm:
                return False
            self._ftp.cwd(self._home)
            return True

    def mkdir(self, path):
        """Create the directory ``path`` unless it exists (an archive directory)."""
        if not self.exists(path):
            with self._errors("create", path):
                self._ftp.mkd(path)

    # -------------------------------------------------------------- session
    def describe(self):
        """The server's banner, TLS version and the certificate it presented (verified)."""
        sock = self._ftp.sock
        return {
            "server": f"{self.host}:{self.port}",
            "banner": self._ftp.welcome,
            "connect_ms": self.connect_ms,
            "tls": f"{sock.version()} {sock.cipher()[0]}",
            **certificate_summary(sock.getpeercert(binary_form=True)),
        }

    def _offered_certificate(self):
        """The certificate the server presents, read without trusting it and without
        logging in (AUTH TLS only): said in the refusal, so a person sees which CA signed
        it. None when it cannot be read."""
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        probe = ftplib.FTP_TLS(context=context, timeout=self._timeout_connect)
        try:
            probe.connect(self.host, self.port, timeout=self._timeout_connect)
            probe.auth()
            return certificate_summary(probe.sock.getpeercert(binary_form=True))
        except (OSError, EOFError, ftplib.Error, ValueError):
            return None
        finally:
            probe.close()

    def close(self):
        if self._ftp is None:
            return
        ftp, self._ftp = self._ftp, None
        try:
            ftp.quit()
        except (OSError, EOFError, ftplib.Error):
            ftp.close()
