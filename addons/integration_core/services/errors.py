"""The error taxonomy of the pipeline.

Each class carries the category the exception queue files it under and whether the job
runner may retry it by itself; the ORM reads these attributes instead of matching on types.
"""

CATEGORIES = (
    "transport",
    "authentication",
    "parsing",
    "validation",
    "mapping",
    "business_rule",
    "duplicate",
    "configuration",
    "internal",
)


class IntegrationError(Exception):
    """Base of every failure a pipeline step reports on purpose.

    ``hint`` tells the person in the exception queue what to do; ``details`` keeps
    structured context (field, segment, xref kind...) for display and filtering.
    """

    category = "business_rule"
    retryable = False

    def __init__(self, message, hint=None, **details):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.details = details

    def log_values(self):
        """What the timeline keeps of this error besides its text."""
        return {}


class TransportError(IntegrationError):
    """The remote side could not be reached or answered 'try later'; worth retrying."""

    category = "transport"
    retryable = True

    def __init__(self, message, hint=None, status=None, retry_after=None, **details):
        super().__init__(message, hint=hint, **details)
        self.status = status
        self.retry_after = retry_after

    def log_values(self):
        return {"http_status": self.status} if self.status else {}


class PermanentTransportError(TransportError):
    """The remote side rejected the request (4xx); sending it again will not help."""

    retryable = False


class AuthenticationError(IntegrationError):
    """Credentials were refused; a person must fix the endpoint before anything is resent."""

    category = "authentication"


class ParseError(IntegrationError):
    """The payload could not be read in its wire format."""

    category = "parsing"


class DocumentValidationError(IntegrationError):
    """The parsed document breaks its canonical schema; ``errors`` lists readable lines."""

    category = "validation"

    def __init__(self, message, hint=None, errors=None, **details):
        super().__init__(message, hint=hint, **details)
        self.errors = list(errors or [])


class MappingError(IntegrationError):
    """An external code has no cross-reference (details: ``xref_kind``, ``external_code``)."""

    category = "mapping"


class BusinessRuleError(IntegrationError):
    """The document is well formed but the business refuses it (closed period, credit hold...)."""

    category = "business_rule"


class DuplicateError(IntegrationError):
    """The document was already received; processing it again would double the effect."""

    category = "duplicate"


class AwaitingDocument(IntegrationError):
    """The document needs another one the hub has not processed yet (a customer's order
    change sent before its order): the message waits, without an exception, until the
    processor of that other document releases ``awaited`` (a key both sides build alike)."""

    category = "business_rule"

    def __init__(self, message, awaited, hint=None, **details):
        super().__init__(message, hint=hint, **details)
        self.awaited = awaited


class CircuitOpenError(TransportError):
    """Raised instead of sending while the endpoint's circuit is open; retry after cool-down."""

    retryable = True


class ConfigurationError(IntegrationError):
    """The server is not set up to do this (its encryption keys cannot read a credential).

    Nothing is wrong with the message: it waits, retried without counting attempts, and goes
    on by itself once an administrator fixed the server.
    """

    category = "configuration"
    retryable = True
    retry_after = 300.0


class InternalError(IntegrationError):
    """A step failed with an error no one foresaw: a defect, shown with its Python type."""

    category = "internal"


class PluginError(IntegrationError):
    """A flow names a codec, processor, builder or transport that no installed module
    provides: retrying changes nothing until a person corrects the flow (or installs it)."""

    category = "configuration"
