"""The one base for mistakes a user can see and fix, apart from the bugs.

A `UserError` carries one line of Vietnamese naming the file, row or field and what is wrong; the
GUI shows it as a message and the headless commands print it. Any other exception is a bug (or
a machine fault, `storage.faults`): logged and shown as such. It is a ValueError so that code
handling bad input in general keeps catching it.
"""

from __future__ import annotations


class UserError(ValueError):
    """Input or a request the user can correct; the message says what to do."""
