"""ORM-free services of the integration hub: transport, retries, secrets, error taxonomy."""

from .errors import (
    AuthenticationError,
    BusinessRuleError,
    CircuitOpenError,
    DocumentValidationError,
    DuplicateError,
    IntegrationError,
    MappingError,
    ParseError,
    PermanentTransportError,
    TransportError,
)

__all__ = [
    "AuthenticationError",
    "BusinessRuleError",
    "CircuitOpenError",
    "DocumentValidationError",
    "DuplicateError",
    "IntegrationError",
    "MappingError",
    "ParseError",
    "PermanentTransportError",
    "TransportError",
]
