# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What one job keeps between the steps it runs, found by its database cursor."""

import weakref
from contextlib import contextmanager

_SCOPES = weakref.WeakKeyDictionary()  # cursor → the JobScope of the job running on it


class JobScope:
    """What one job keeps between its steps: its timeline rows, written in one insert when
    it ends, the validated canonical documents of its messages and what a running step
    found for them (by message id), written with the step's outcome."""

    __slots__ = ("documents", "logs", "staged")

    def __init__(self):
        self.logs = []
        self.documents = {}
        self.staged = {}

    def forget(self, message_id, logged):
        """Drop what a rolled-back step kept: the timeline rows after the first ``logged``,
        the message's document and staged values."""
        del self.logs[logged:]
        self.documents.pop(message_id, None)
        self.staged.pop(message_id, None)


def current(cr):
    """The scope of the job running on ``cr``, or None outside a job."""
    return _SCOPES.get(cr)


@contextmanager
def opened(cr):
    """The scope of the job on ``cr`` and whether this block opened it: a nested block
    shares the outer one's."""
    scope = _SCOPES.get(cr)
    if scope is not None:
        yield scope, False
        return
    scope = _SCOPES[cr] = JobScope()
    try:
        yield scope, True
    finally:
        _SCOPES.pop(cr, None)
