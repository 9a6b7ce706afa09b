# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import hashlib
import logging
import posixpath
import threading
import time
from contextlib import contextmanager

from psycopg2 import errors as pg_errors

from odoo import fields, models

from ..services.errors import (
    CircuitOpenError,
    IntegrationError,
    PermanentTransportError,
    TransportError,
)
from ..services.mailbox import file_name, is_zip, matches, put_atomic, stable, unpack_zip

_logger = logging.getLogger(__name__)

SETTLE_SECONDS = 2.0  # between the two looks at a directory: a growing file changes meanwhile
MAX_FILES_PER_POLL = 1000  # the rest waits for the next poll
STORE_BATCH = 50  # files stored and committed together, then moved
# Connections sends leave open for the next send of the endpoint, in this process.
IDLE_SECONDS = 30
IDLE_PER_ENDPOINT = 4
_IDLE = {}  # (dbname, endpoint id, endpoint write date) -> [(client, idle since)]
_IDLE_LOCK = threading.Lock()
DONE_SUFFIX = ".done"  # "rename" after pick-up; such files are never picked up again
TEMP_PREFIX = "."  # hidden files are uploads in progress (ours and most partners')


class IntegrationTransportMailbox(models.AbstractModel):
    """What SFTP and FTPS share: a partner's mailbox reached through a
    ``services.mailbox.MailboxClient``. Delivery puts a file atomically under a name of the
    flow's template and never overwrites; polling picks files up exactly once (the
    ``integration.mailbox.file`` ledger). A transport only implements ``_client``.
    """

    _name = "integration.transport.mailbox"
    _inherit = "integration.transport"
    _description = "Mailbox transport (files)"

    _is_mailbox = True
    _default_port = 0

    def _client(self, endpoint):
        """An open ``MailboxClient`` for ``endpoint`` (its host, port, credentials, pinned
        key or CA). With ``mailbox_trust_unknown`` in the context (Test connection) an
        unpinned server is reached anyway, to show its key."""
        raise NotImplementedError

    # ------------------------------------------------------------------ sessions
    @contextmanager
    def _session(self, endpoint, operation, flow=None, reuse=False):
        """An open client behind the endpoint's circuit breaker; one connection log row.

        Yields ``(client, log)``: the caller may set ``log["files"]`` and
        ``log["detail"]``. A retryable transport error counts against the circuit, an
        answer of the server (refused key, missing file) does not. With ``reuse`` (sends)
        a connection this process left open for the endpoint is taken, and kept after.
        """
        refused = self.env._("The circuit of endpoint %s is open: not connected.", endpoint.name)
        with endpoint._behind_circuit(refused):
            started = time.monotonic()
            log = {"files": 0, "detail": ""}
            client = None
            try:
                client = self._open_client(endpoint, reuse)
                yield client, log
            except BaseException as err:
                if client is not None:
                    client.close()
                if isinstance(err, IntegrationError):
                    self._log_connection(endpoint, operation, flow, False, str(err), started, log)
                raise
            self._release_client(endpoint, client, reuse)
        self._log_connection(endpoint, operation, flow, True, log["detail"], started, log)

    def _pool_key(self, endpoint):
        # any change of the endpoint (address, credentials, pinned key) makes a new key
        return (self.env.cr.dbname, endpoint.id, endpoint.write_date)

    def _open_client(self, endpoint, reuse):
        """A connection to ``endpoint``: one left open by an earlier send of this process
        when ``reuse`` and it is still alive, else a new one. Idle ones are closed."""
        key = self._pool_key(endpoint) if reuse else None
        stale = []
        client = None
        with _IDLE_LOCK:
            now = time.monotonic()
            for pool_key, pool in list(_IDLE.items()):
                keep = [(c, since) for c, since in pool if now - since < IDLE_SECONDS]
                stale += [c for c, since in pool if now - since >= IDLE_SECONDS]
                _IDLE[pool_key] = keep
                if pool_key == key:
                    while keep and client is None:
                        candidate, _since = keep.pop()
                        if candidate.alive():
                            client = candidate
                        else:
                            stale.append(candidate)
        for old in stale:
            old.close()
        return client or self._client(endpoint)

    def _release_client(self, endpoint, client, reuse):
        """Keep the connection of a send for the next one (a few per endpoint), else close."""
        if reuse and client.alive():
            with _IDLE_LOCK:
                pool = _IDLE.setdefault(self._pool_key(endpoint), [])
                if len(pool) < IDLE_PER_ENDPOINT:
                    pool.append((client, time.monotonic()))
                    return
        client.close()

    def _log_connection(self, endpoint, operation, flow, ok, detail, started, log):
        # sudo: the connection log is the transports' own record, read-only for people
        self.env["integration.connection.log"].sudo().create(
            {
                "endpoint_id": endpoint.id,
                "flow_id": flow.id if flow else False,
                "operation": operation,
                "ok": ok,
                "detail": detail,
                "duration_ms": int((time.monotonic() - started) * 1000),
                "files": log["files"],
            }
        )

    # ------------------------------------------------------------------ delivery
    def _send(self, message, endpoint, payload):
        """Put ``payload`` in the flow's remote directory under its template's name, never
        over an existing file: a name taken by another file is a retryable error, and the
        next attempt takes the next name (``name_2.ext``...). A file of the same name and
        bytes is our own earlier delivery whose answer was lost: delivered."""
        flow = message.flow_id
        directory = flow.remote_directory or "."
        started = time.monotonic()
        collision = None
        with self._session(endpoint, "send", flow, reuse=True) as (client, log):
            name, delivered = self._free_name(
                client, directory, self._remote_name(message), payload, max(message.attempts, 1)
            )
            if not delivered:
                try:
                    put_atomic(client, directory, name, payload)
                except FileExistsError:
                    collision = name
            log["files"] = 0 if collision else 1
            log["detail"] = (
                self.env._("%(name)s exists: not overwritten.", name=name)
                if collision
                else self.env._("%(msg)s delivered as %(name)s.", msg=message.name, name=name)
            )
        if collision:
            raise TransportError(
                self.env._(
                    "%(name)s already exists in %(dir)s and was not overwritten; the next "
                    "attempt uses another name.",
                    name=collision,
                    dir=directory,
                )
            )
        return {"duration_ms": (time.monotonic() - started) * 1000.0}

    def _remote_name(self, message):
        """The file name of ``message`` from its flow's template (same on every attempt)."""
        flow = message.flow_id
        values = {
            "partner": flow.partner_id.code,
            "document_type": flow.document_type,
            "control_number": message.partner_reference,
            "timestamp": (message.create_date or fields.Datetime.now()).strftime("%Y%m%d%H%M%S"),
            "message": message.name,
            "ext": flow._codec()._features().file_extension,
        }
        return file_name(flow.file_name_template, values)

    def _free_name(self, client, directory, base, payload, attempt):
        """``(name, delivered)``: the first of ``base``, ``base_2``... ``base_<attempt>``
        that is free, or holds ``payload`` already (delivered); else the last one."""
        stem, ext = posixpath.splitext(base)
        for number in range(1, attempt + 1):
            name = base if number == 1 else f"{stem}_{number}{ext}"
            path = posixpath.join(directory, name)
            if not client.exists(path):
                return name, False
            if client.read(path) == payload:
                return name, True
        return name, False

    # ------------------------------------------------------------------ polling
    def _poll(self, flow):
        """Pick up the flow's new files: each stored as inbound message(s) and committed
        before it is moved away. Returns counts (listed, stored, moved).

        A failure opens (or bumps) one exception per endpoint and cause; a poll that works
        closes them. Runs outside the caller's transaction for the files (each its own
        committed transaction), so call it from a cron or an action, never a queue job.
        """
        endpoint = flow.endpoint_id
        counts = {"listed": 0, "stored": 0, "moved": 0}
        Exception_ = self.env["integration.exception"].sudo()  # sudo: opened by polls only
        try:
            with self._session(endpoint, "poll", flow) as (client, log):
                self._pick_up(client, flow, counts)
                log["files"] = counts["stored"]
                log["detail"] = self.env._(
                    "%(listed)s ready, %(stored)s stored, %(moved)s moved.", **counts
                )
        except CircuitOpenError:
            return counts  # the breaker said why when it opened; the cool-down runs
        except IntegrationError as err:
            Exception_._open_for_endpoint(
                endpoint,
                err,
                self.env._(
                    "Polling %(dir)s of %(endpoint)s for %(flow)s failed: %(err)s",
                    dir=flow.remote_directory or ".",
                    endpoint=endpoint.name,
                    flow=flow.name,
                    err=err,
                ),
                flow=flow,
            )
            return counts
        Exception_._resolve_for_endpoint(endpoint)
        return counts

    def _ready_files(self, client, flow):
        """The files of the flow's directory that are candidates: matching its pattern,
        neither hidden (an upload in progress), nor marked in progress by the partner's
        suffix, nor renamed after an earlier pick-up."""
        skip = tuple(s for s in (flow.ready_suffix, DONE_SUFFIX) if s)
        return [
            f
            for f in client.listdir(flow.remote_directory or ".")
            if not f.name.startswith(TEMP_PREFIX)
            and not f.name.endswith(skip)
            and matches(f.name, flow.file_pattern)
        ]

    def _pick_up(self, client, flow, counts):
        files = self._ready_files(client, flow)
        if not flow.ready_suffix and files:
            # no marker: a file is complete once its size and mtime stay put a moment
            time.sleep(self.env.context.get("mailbox_settle_seconds", SETTLE_SECONDS))
            files = stable(files, self._ready_files(client, flow))
        counts["listed"] = len(files)
        directory = flow.remote_directory or "."
        files = files[:MAX_FILES_PER_POLL]
        for start in range(0, len(files), STORE_BATCH):
            read = []
            for remote in files[start : start + STORE_BATCH]:
                try:
                    data = client.read(posixpath.join(directory, remote.name))
                except FileNotFoundError:
                    continue  # moved meanwhile by an overlapping poll
                if len(data) == remote.size:  # else changed since listed: the next poll
                    read.append((remote, data))
            stored = self._store(flow, directory, read)
            counts["stored"] += sum(new for _remote, _entry, new in stored)
            done = []
            try:
                for remote, entry_id, _new in stored:
                    self._move(client, flow, remote)
                    done.append(entry_id)
            finally:
                self._mark_done(done)
            counts["moved"] += len(done)

    def _store(self, flow, directory, files):
        """Store each ``(remote, data)`` as the flow's message(s) with its ledger row, all
        committed at once in a transaction of their own, before any is moved. Returns
        ``[(remote, ledger id, new)]``: ``new`` False when the ledger had the file already
        (only its move is left); a file an overlapping poll holds is left out."""
        stored = []
        if not files:
            return stored
        with self.env.registry.cursor() as cr:
            env = self.env(cr=cr)
            for remote, data in files:
                sha256 = hashlib.sha256(data).hexdigest()
                key = (flow.id, remote.name, remote.size, sha256)
                cr.execute(
                    "SELECT id FROM integration_mailbox_file"
                    " WHERE flow_id = %s AND name = %s AND size = %s AND sha256 = %s",
                    key,
                )
                row = cr.fetchone()
                if row:
                    stored.append((remote, row[0], False))
                    continue
                entry_id = self._claim_file(cr, env, key, remote, directory)
                if entry_id is None:
                    continue
                # sudo: the ledger is the polls' own; the flow was checked by the caller
                entry = env["integration.mailbox.file"].sudo().browse(entry_id)
                entry.message_ids = self._receive_file(entry, flow.with_env(env), remote, data)
                stored.append((remote, entry_id, True))
        return stored

    def _claim_file(self, cr, env, key, remote, directory):
        """Insert the ledger row of a file under its unique key, or None when an overlapping
        poll holds it: that poll's row is waited for, then the key refused. SQL, not the
        ORM, so the expected unique violation is not logged as a failed query."""
        try:
            with cr.savepoint(flush=False):
                cr.execute(
                    "INSERT INTO integration_mailbox_file"
                    " (flow_id, name, size, sha256, mtime, directory, state, company_id,"
                    "  create_uid, write_uid, create_date, write_date)"
                    " SELECT %s, %s, %s, %s, %s, %s, 'stored', company_id, %s, %s,"
                    "  now() at time zone 'UTC', now() at time zone 'UTC'"
                    " FROM integration_flow WHERE id = %s RETURNING id",
                    (*key, remote.mtime, directory, env.uid, env.uid, key[0]),
                    log_exceptions=False,
                )
                return cr.fetchone()[0]
        except (pg_errors.UniqueViolation, pg_errors.SerializationFailure):
            return None

    def _receive_file(self, entry, flow, remote, data):
        """The inbound message(s) of one file: one per member of a zip archive (kept on the
        ledger row), else one. An archive that cannot be unpacked is stored as it is: its
        message fails at parsing, in front of a person, and no byte is lost."""
        headers = {"mailbox_file": remote.name, "remote_mtime": remote.mtime}
        if is_zip(remote.name, data):
            try:
                members = unpack_zip(data)
            except ValueError as err:
                _logger.warning("Zip %s of flow %s not unpacked: %s", remote.name, flow.name, err)
            else:
                # sudo: the archive belongs to the ledger row, which is the polls' own
                entry.archive_attachment_id = (
                    entry.env["ir.attachment"]
                    .sudo()
                    .create(
                        {
                            "name": remote.name,
                            "raw": data,
                            "res_model": entry._name,
                            "res_id": entry.id,
                        }
                    )
                )
                messages = flow.env["integration.message"]
                for name, member in members:
                    messages |= flow._receive(
                        member, filename=name, headers={**headers, "archive_member": name}
                    )
                return messages
        return flow._receive(data, filename=remote.name, headers=headers)

    def _move(self, client, flow, remote):
        """Take a picked-up file out of the way as the flow says (archive, rename, delete).
        A file already gone was moved by an overlapping poll."""
        directory = flow.remote_directory or "."
        path = posixpath.join(directory, remote.name)
        try:
            if flow.after_pickup == "delete":
                client.remove(path)
                return
            if flow.after_pickup == "rename":
                target_dir, target = directory, remote.name + DONE_SUFFIX
            else:
                target_dir, target = (
                    flow.archive_directory or posixpath.join(directory, "archive"),
                    remote.name,
                )
            try:
                client.rename(path, posixpath.join(target_dir, target))
            except FileExistsError:
                # a daily file of the same name: keep both, the later with its time
                stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime())
                client.rename(path, posixpath.join(target_dir, f"{target}.{stamp}"))
        except FileNotFoundError as err:
            if not client.exists(path):
                return
            # the file is there: its target directory is not (stored, it is moved next time)
            raise PermanentTransportError(
                self.env._(
                    "%(file)s was stored but cannot be moved after pick-up (%(err)s): does "
                    "the archive directory exist?",
                    file=path,
                    err=err,
                ),
                hint=self.env._(
                    "Create the flow's archive directory on the server or correct it; the "
                    "next poll moves the file without storing it again."
                ),
            ) from err

    def _mark_done(self, entry_ids):
        """The ledger rows of moved files are done (an overlapping poll may have been first)."""
        if not entry_ids:
            return
        for _attempt in range(3):
            with self.env.registry.cursor() as cr:
                try:
                    cr.execute(
                        "UPDATE integration_mailbox_file SET state = 'done',"
                        " done_at = now() at time zone 'UTC',"
                        " write_date = now() at time zone 'UTC'"
                        " WHERE id IN %s AND state = 'stored'",
                        (tuple(entry_ids),),
                        log_exceptions=False,
                    )
                    return
                except pg_errors.SerializationFailure:
                    cr.rollback()  # a row was marked by an overlapping poll: again, fresh

    # ------------------------------------------------------------------ test connection
    def _test_connection(self, endpoint):
        """Connect, list the directories of the endpoint's flows and say what the server
        showed (host key, banner, latency) as a notification. For the caller's checks, see
        ``integration.endpoint.action_test_connection``."""
        directories = sorted(
            {flow.remote_directory or "." for flow in endpoint._mailbox_flows()} or {"."}
        )
        offered = None
        try:
            with self.with_context(mailbox_trust_unknown=True)._session(endpoint, "test") as (
                client,
                log,
            ):
                info = client.describe()
                offered = info.get("host_key_fingerprint")
                lines = [f"{key}: {value}" for key, value in info.items()]
                # not logged in: an SFTP server whose key is not trusted yet gets no password
                for directory in directories if info.get("logged_in", True) else ():
                    listed = client.listdir(directory)
                    lines.append(
                        self.env._("%(dir)s: %(count)s files", dir=directory, count=len(listed))
                    )
                log["detail"] = "\n".join(lines)
        except IntegrationError as err:
            offered = (getattr(err, "details", None) or {}).get("offered")
            endpoint._offer_host_key(offered)
            return self._notify(self.env._("Connection failed"), str(err), "danger")
        endpoint._offer_host_key(offered)
        if offered and offered != endpoint.host_key_fingerprint:
            lines.append(
                self.env._(
                    "This host key is not trusted yet: check it with the partner, then "
                    "Trust this host key."
                )
            )
        return self._notify(self.env._("Connection works"), "\n".join(lines), "success")

    def _notify(self, title, text, kind):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": title,
                "message": text,
                "type": kind,
                "sticky": kind != "success",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
