# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
import time
from contextlib import contextmanager

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import config

from ..access import MANAGER_GROUP, check_group, refuse_user_write
from ..services.circuit import CircuitBreaker
from ..services.crypto import CONFIG_KEY, key_problem
from ..services.errors import CircuitOpenError, IntegrationError, PermanentTransportError
from ..services.ftps_client import tls_context
from ..services.http_client import AuthConfig

_logger = logging.getLogger(__name__)

SECRET_FIELDS = ("password", "token", "api_key", "client_secret", "hmac_key", "private_key")
# Written by sends (the breaker) only; a person resets them with action_reset_circuit.
CIRCUIT_FIELDS = ("circuit_state", "circuit_failures", "circuit_opened_at")
# Pinned by a manager's Trust this host key only, from what Test connection was shown.
HOST_KEY_FIELDS = ("host_key_fingerprint", "host_key_offered")
KEY_CHECK_SECONDS = 60  # how long a verdict on the encryption keys is trusted
KEY_CHECK_SAMPLE = 100  # stored secrets tried against the keys
# dbname -> (option value, monotonic time of the check, problem or None)
_key_checks = {}


class IntegrationEndpoint(models.Model):
    """How Odoo reaches a partner system: transport, address, credentials and resilience."""

    _name = "integration.endpoint"
    _description = "Integration Endpoint"
    _inherit = ["integration.partner.mixin", "integration.secret.mixin"]
    _order = "partner_id, name"
    _check_company_auto = True
    _secret_fields = SECRET_FIELDS

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    usage = fields.Selection(
        [("test", "Test"), ("production", "Production")],
        required=True,
        compute="_compute_usage",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="Production: the partner's live system. Test traffic (of a partner or flow in "
        "test) is never sent to it: such messages are cancelled, with a line in their log. "
        "A new endpoint takes its partner's usage.",
    )
    transport = fields.Selection(
        [
            ("http", "HTTP"),
            ("manual", "Manual (download / upload)"),
            ("sftp", "SFTP"),
            ("ftps", "FTP over TLS"),
            ("email", "E-mail"),
        ],
        required=True,
        default="http",
        tracking=True,
    )
    url = fields.Char(string="URL", tracking=True)
    email_to = fields.Char(
        string="E-mail to",
        tracking=True,
        help="E-mail transport: the partner's document address, where outbound documents "
        "are mailed as attachments (several separated by commas).",
    )
    host = fields.Char(tracking=True, help="Mailboxes (SFTP, FTPS): the server's host name.")
    port = fields.Integer(help="Mailboxes: the server's port; 0 for the protocol's default.")
    host_key_fingerprint = fields.Char(
        string="Pinned host key",
        readonly=True,
        tracking=True,
        copy=False,
        help="SFTP: the server's host key (SHA256 fingerprint) we trust. Set by a manager's "
        "Trust this host key after Test connection; another key refuses the connection.",
    )
    host_key_offered = fields.Char(
        string="Host key shown",
        readonly=True,
        copy=False,
        help="The host key the server showed at the last Test connection.",
    )
    ca_certificate = fields.Text(
        string="CA certificate",
        tracking=True,
        help="FTPS: the PEM certificate(s) of the CA that signed the partner's server "
        "certificate, when it is not one of this server's trusted CAs. Set, it is the only "
        "CA trusted for this endpoint.",
    )
    is_mailbox = fields.Boolean(compute="_compute_is_mailbox")
    connection_log_ids = fields.One2many(
        "integration.connection.log", "endpoint_id", string="Connections"
    )
    http_method = fields.Selection(
        [("POST", "POST"), ("PUT", "PUT")], string="HTTP method", default="POST"
    )
    timeout_connect = fields.Float(string="Connect timeout (s)", default=5.0)
    timeout_read = fields.Float(string="Read timeout (s)", default=30.0)
    auth_type = fields.Selection(
        [
            ("none", "None"),
            ("basic", "Basic"),
            ("bearer", "Bearer token"),
            ("api_key", "API key header"),
            ("oauth2", "OAuth2 client credentials"),
            ("hmac", "HMAC signature"),
        ],
        string="Authentication",
        required=True,
        default="none",
    )
    username = fields.Char()
    api_key_header = fields.Char(default="X-API-Key")
    token_url = fields.Char(string="Token URL")
    client_id = fields.Char(string="Client ID")
    scope = fields.Char()
    # Secrets: the *_encrypted columns hold Fernet tokens; the plain fields are write-only.
    password = fields.Char(compute="_compute_secrets", inverse="_inverse_password")
    token = fields.Char(compute="_compute_secrets", inverse="_inverse_token")
    api_key = fields.Char(string="API key", compute="_compute_secrets", inverse="_inverse_api_key")
    client_secret = fields.Char(compute="_compute_secrets", inverse="_inverse_client_secret")
    hmac_key = fields.Char(
        string="HMAC key", compute="_compute_secrets", inverse="_inverse_hmac_key"
    )
    password_encrypted = fields.Char(groups="base.group_system", copy=False)
    token_encrypted = fields.Char(groups="base.group_system", copy=False)
    api_key_encrypted = fields.Char(groups="base.group_system", copy=False)
    client_secret_encrypted = fields.Char(groups="base.group_system", copy=False)
    hmac_key_encrypted = fields.Char(groups="base.group_system", copy=False)
    private_key = fields.Text(
        compute="_compute_secrets",
        inverse="_inverse_private_key",
        help="SFTP: the private key (OpenSSH or PEM text) to log in with; a password set "
        "with it is its passphrase.",
    )
    private_key_encrypted = fields.Char(groups="base.group_system", copy=False)

    api_key_ids = fields.One2many("integration.api.key", "endpoint_id", string="API keys")
    rate_limit = fields.Integer(
        string="Rate limit (requests/minute)",
        default=600,
        help="Inbound API calls accepted a minute, and the pace of batches sent to a sales "
        "channel; 0 means no limit.",
    )
    max_attempts = fields.Integer(
        default=5, help="Attempts at a transport error before the message is declared dead."
    )
    backoff_base = fields.Float(string="First retry after (s)", default=10.0)
    backoff_max = fields.Float(string="Longest retry delay (s)", default=3600.0)
    failure_threshold = fields.Integer(
        default=5, help="Consecutive failures that open the circuit."
    )
    cooldown_seconds = fields.Integer(
        string="Cool-down (s)", default=60, help="How long an open circuit rejects requests."
    )
    circuit_state = fields.Selection(
        [("closed", "Closed"), ("open", "Open"), ("half_open", "Half-open")],
        default="closed",
        required=True,
        readonly=True,
        tracking=True,
    )
    circuit_failures = fields.Integer(readonly=True)
    circuit_opened_at = fields.Float(readonly=True, help="Unix time the circuit last opened.")

    @api.depends("partner_id")
    def _compute_usage(self):
        for endpoint in self:
            endpoint.usage = endpoint.partner_id.usage or endpoint.usage or "production"

    def _inverse_password(self):
        self._store_secret("password")

    def _inverse_token(self):
        self._store_secret("token")

    def _inverse_api_key(self):
        self._store_secret("api_key")

    def _inverse_client_secret(self):
        self._store_secret("client_secret")

    def _inverse_hmac_key(self):
        self._store_secret("hmac_key")

    def _inverse_private_key(self):
        self._store_secret("private_key")

    @api.constrains("ca_certificate")
    def _check_ca_certificate(self):
        for endpoint in self.filtered("ca_certificate"):
            try:
                tls_context(endpoint.ca_certificate)
            except PermanentTransportError as err:
                raise ValidationError(err.message) from err

    @api.depends("transport")
    def _compute_is_mailbox(self):
        for endpoint in self:
            model = f"integration.transport.{endpoint.transport}"
            endpoint.is_mailbox = model in self.env and self.env[model]._is_mailbox

    def _mailbox_flows(self):
        """The active flows of this endpoint that exchange files through it."""
        self.ensure_one()
        return self.env["integration.flow"].search([("endpoint_id", "=", self.id)])

    def action_test_connection(self):
        """Connect now and show what the server said (manager only: it shows the host key
        and uses the credentials)."""
        self.ensure_one()
        check_group(self.env, MANAGER_GROUP, self.env._("Testing a connection"))
        self.check_access("write")
        # sudo: the transport reads the credentials and writes the connection log
        endpoint = self.sudo()
        return endpoint._transport()._test_connection(endpoint)

    def action_trust_host_key(self):
        """Pin the host key the last Test connection was shown (manager only)."""
        self.ensure_one()
        check_group(self.env, MANAGER_GROUP, self.env._("Trusting a host key"))
        self.check_access("write")
        if not self.host_key_offered:
            raise UserError(self.env._("Test the connection first: no host key was shown yet."))
        # sudo: the pinned key is written by this action only (see write)
        self.sudo().write({"host_key_fingerprint": self.host_key_offered})
        return True

    def _offer_host_key(self, fingerprint):
        """Keep the host key Test connection was shown, for Trust this host key."""
        if fingerprint and fingerprint != self.host_key_offered:
            # sudo: written by Test connection, whose caller was checked
            self.sudo().write({"host_key_offered": fingerprint})

    def action_issue_api_key(self):
        """The partner's key wizard, for this endpoint only."""
        self.ensure_one()
        action = self.partner_id.action_issue_api_key()
        action["context"].update(default_endpoint_id=self.id, integration_endpoint_fixed=True)
        return action

    def action_clear_secrets(self):
        """Erase the stored credentials: for whoever may edit the endpoints."""
        self._clear_secrets(SECRET_FIELDS)

    # Encryption keys: checked when the registry loads, then at most once a minute.
    def _register_hook(self):
        super()._register_hook()
        self._encryption_problem()

    @api.model
    def _encryption_problem(self):
        """Why the server's encryption keys are unusable (missing, malformed, wrong), or None.

        A new verdict is logged: CRITICAL while the keys are broken, since no credential can
        be read or stored, nor a signed call checked.
        """
        dbname = self.env.cr.dbname
        value = config.get(CONFIG_KEY) or ""
        cached = _key_checks.get(dbname)
        if cached and cached[0] == value and time.monotonic() - cached[1] < KEY_CHECK_SECONDS:
            return cached[2]
        problem = key_problem(value, self._encrypted_tokens())
        if problem and (not cached or cached[2] != problem):
            _logger.critical(
                "Integration hub of database %s: %s. Stored credentials cannot be used: "
                "outbound sends wait, the API and webhooks answer 503.",
                dbname,
                problem,
            )
        elif cached and cached[2] and not problem:
            _logger.info("Integration hub of database %s: encryption keys usable again.", dbname)
        _key_checks[dbname] = (value, time.monotonic(), problem)
        return problem

    @api.model
    def _encrypted_tokens(self):
        """A sample of the stored secrets, to try the keys on."""
        columns = ", ".join(f"{name}_encrypted" for name in SECRET_FIELDS)
        self.env.cr.execute(
            f"SELECT t FROM integration_endpoint, unnest(ARRAY[{columns}]) AS t"  # noqa: S608
            " WHERE t IS NOT NULL LIMIT %s",
            (KEY_CHECK_SAMPLE,),
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _auth_config(self):
        self.ensure_one()
        secrets = {name: self._secret(name) for name in SECRET_FIELDS}
        return AuthConfig(
            kind=self.auth_type,
            username=self.username,
            password=secrets["password"],
            token=secrets["token"],
            api_key=secrets["api_key"],
            api_key_header=self.api_key_header or "X-API-Key",
            client_id=self.client_id,
            client_secret=secrets["client_secret"],
            token_url=self.token_url,
            scope=self.scope,
            hmac_key=secrets["hmac_key"],
        )

    # Circuit breaker: the pure state machine, persisted on the endpoint between sends.
    def _circuit(self):
        self.ensure_one()
        return CircuitBreaker(
            state=self.circuit_state,
            failures=self.circuit_failures,
            opened_at=self.circuit_opened_at or None,
            threshold=max(self.failure_threshold, 1),
            cooldown=float(self.cooldown_seconds),
        )

    @api.model
    def _open_circuit_domain(self):
        """The endpoints whose circuit is open (sends refused): what ``/health`` and the
        dashboard both count, so that they cannot disagree."""
        return [("circuit_state", "=", "open")]

    @contextmanager
    def _behind_circuit(self, refused):
        """One exchange with the partner behind this endpoint's circuit breaker, whatever
        the transport: refused (CircuitOpenError saying ``refused``) while the circuit is
        open; a retryable failure counts against it, an answer of the partner (a 4xx, a
        refused key, a missing file) shows it is up."""
        breaker = self._circuit()
        now = self._now()
        allowed = breaker.allow_request(now)
        self._save_circuit(breaker)  # open → half-open is a change worth keeping
        if not allowed:
            raise CircuitOpenError(refused, retry_after=breaker.retry_in(now))
        try:
            yield
        except IntegrationError as err:
            if err.retryable:
                breaker.record_failure(self._now())
            else:
                breaker.record_success()
            self._save_circuit(breaker)
            raise
        breaker.record_success()
        self._save_circuit(breaker)

    def _save_circuit(self, breaker):
        self.ensure_one()
        values = {
            "circuit_state": breaker.state,
            "circuit_failures": breaker.failures,
            "circuit_opened_at": breaker.opened_at or 0.0,
        }
        changed = {key: value for key, value in values.items() if self[key] != value}
        if changed:
            # sudo: the circuit is the transport's state; callers are sends, crons and
            # action_reset_circuit, which checks its caller
            self.sudo().write(changed)

    def action_reset_circuit(self):
        """Close the circuit at once: for whoever may edit the endpoints."""
        self.check_access("write")
        for endpoint in self:
            endpoint._save_circuit(CircuitBreaker(threshold=endpoint.failure_threshold))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            refuse_user_write(self, set(vals) & set(HOST_KEY_FIELDS))
        return super().create(vals_list)

    def write(self, vals):
        refuse_user_write(self, set(vals) & set(CIRCUIT_FIELDS + HOST_KEY_FIELDS))
        return super().write(vals)

    @api.model
    def _cron_check_circuits(self):
        """Half-open the circuits whose cool-down is over, so the next send is a trial."""
        for endpoint in self.search([("circuit_state", "=", "open")]):
            breaker = endpoint._circuit()
            breaker.allow_request(endpoint._now())
            endpoint._save_circuit(breaker)

    def _transport(self):
        """The transport model this endpoint is reached through (integration.transport.*)."""
        self.ensure_one()
        return self.env[f"integration.transport.{self.transport}"]

    def _accepts_calls(self):
        """Whether calls may authenticate as this endpoint: it and its partner are active."""
        self.ensure_one()
        return self.active and self.partner_id.active

    def _rate_limit_wait(self):
        """Seconds the caller must wait before its next request, or 0 within the limit."""
        self.ensure_one()
        if not self.rate_limit:
            return 0
        self.env.cr.execute(
            """
            SELECT count(*), min(m.create_date)
              FROM integration_message m
              JOIN integration_flow f ON f.id = m.flow_id
             WHERE f.endpoint_id = %s AND m.direction = 'inbound'
               AND m.create_date > (now() at time zone 'UTC') - interval '1 minute'
            """,
            (self.id,),
        )
        count, oldest = self.env.cr.fetchone()
        if count < self.rate_limit:
            return 0
        elapsed = (fields.Datetime.now() - oldest).total_seconds()
        return max(1, int(60 - elapsed) + 1)

    def _now(self):
        """Unix time; one place so tests and crons agree on the clock."""
        return time.time()
