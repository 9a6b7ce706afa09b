"""A circuit breaker as a pure state machine.

The ORM stores ``state``, ``failures`` and ``opened_at`` on the endpoint and rebuilds a
breaker for each send, so the logic here holds no clock and no I/O: callers pass ``now``.
"""

from dataclasses import dataclass

CLOSED = "closed"
OPEN = "open"
HALF_OPEN = "half_open"


@dataclass
class CircuitBreaker:
    """Stops sending to an endpoint after ``threshold`` failures in a row, for ``cooldown`` s.

    After the cool-down one trial request goes through (half-open): success closes the
    circuit, failure opens it for another cool-down.
    """

    state: str = CLOSED
    failures: int = 0
    opened_at: float | None = None
    threshold: int = 5
    cooldown: float = 60.0

    def allow_request(self, now):
        """Whether a request may be sent at ``now``; moves open to half-open after cool-down."""
        if self.state == OPEN:
            if self.retry_in(now) > 0:
                return False
            self.state = HALF_OPEN
        return True

    def record_success(self):
        """The endpoint answered: forget past failures."""
        self.state = CLOSED
        self.failures = 0
        self.opened_at = None

    def record_failure(self, now):
        """Count a failure; open the circuit on a failed trial or when the threshold is hit."""
        self.failures += 1
        if self.state == HALF_OPEN or (self.state == CLOSED and self.failures >= self.threshold):
            self.state = OPEN
            self.opened_at = now

    def retry_in(self, now):
        """Seconds until the cool-down ends; 0 when the circuit is not open."""
        # Open without a timestamp cannot time out; allow a trial rather than block forever.
        if self.state != OPEN or self.opened_at is None:
            return 0.0
        return max(0.0, self.opened_at + self.cooldown - now)
