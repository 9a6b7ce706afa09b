"""The message life cycle as data: steps, the state each step reaches, what blocks a queue.

Kept free of the ORM so the state machine can be read (and tested) in one place.
"""

INBOUND_STEPS = ("parse", "validate", "map", "process", "acknowledge")
OUTBOUND_STEPS = ("build", "encode", "send")

INBOUND_STATES = [
    ("received", "Received"),
    ("parsed", "Parsed"),
    ("validated", "Validated"),
    ("mapped", "Mapped"),
    ("processed", "Processed"),
    ("acknowledged", "Acknowledged"),
]
OUTBOUND_STATES = [("pending", "Pending"), ("sent", "Sent")]
COMMON_STATES = [
    ("failed", "Failed"),
    ("dead", "Dead"),
    ("duplicate", "Duplicate"),
    ("cancelled", "Cancelled"),
]
STATES = INBOUND_STATES + OUTBOUND_STATES + COMMON_STATES

# The state a message is in while a step waits to run, and the one it reaches when it succeeds.
STATE_BEFORE_STEP = {
    "parse": "received",
    "validate": "parsed",
    "map": "validated",
    "process": "mapped",
    "acknowledge": "processed",
    "build": "pending",
    "encode": "pending",
    "send": "pending",
}
STATE_AFTER_STEP = {
    "parse": "parsed",
    "validate": "validated",
    "map": "mapped",
    "process": "processed",
    "acknowledge": "acknowledged",
    "build": "pending",
    "encode": "pending",
    "send": "sent",
}

# Nothing more will happen to a message in these states without a person.
BATCH_LANES = 2  # jobs draining a batched flow at once (each takes the messages id % 2)
BATCH_SIZE = 10  # messages one such job runs before it queues the next

FINAL_STATES = frozenset({"processed", "acknowledged", "sent", "duplicate", "cancelled"})
# A sequential flow lets the next message through only once the earlier ones are here:
# a failed or dead message holds the queue, as a FIFO must, until a person retries or ignores it.
RELEASING_STATES = FINAL_STATES
NEEDS_PERSON_STATES = frozenset({"failed", "dead"})
# No job may move a message in these states: a person (retry) or nothing will.
STOPPED_STATES = NEEDS_PERSON_STATES | {"duplicate", "cancelled"}


def first_step(direction):
    """The step a new message of this direction starts with."""
    return INBOUND_STEPS[0] if direction == "inbound" else OUTBOUND_STEPS[0]


def next_step(step):
    """The step after ``step`` in its direction, or None at the end of the pipeline."""
    for steps in (INBOUND_STEPS, OUTBOUND_STEPS):
        if step in steps:
            index = steps.index(step)
            return steps[index + 1] if index + 1 < len(steps) else None
    raise ValueError(f"unknown pipeline step {step!r}")
