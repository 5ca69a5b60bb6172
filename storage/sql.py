"""The SQL primitives every storage module and the migrations share: the user-facing error, the
schema version, and one transaction (a savepoint when nested).

They sit below `storage.database` and `storage.migrations`, so that opening a file (which
migrates it) and the migrations (which run in a transaction) do not import each other.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database

from core.errors import UserError

_savepoint_names = itertools.count(1)


class StorageError(UserError):
    """A problem the user can cause or fix (wrong file, unknown plan, unit in use…).

    The message is one line of Vietnamese, naming the file, plan or unit concerned. It is a
    ValueError so that callers handling bad input in general (the GUI, the headless commands)
    catch it with the other input errors.
    """


def schema_version(db: Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


@contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """One SQLite transaction: BEGIN IMMEDIATE … COMMIT, ROLLBACK on any exception.

    Nested use becomes a savepoint inside the outer transaction, so a function that needs a
    transaction can be called both on its own and as part of a larger change. Writes inside go
    through `db.execute` (raw SQL).
    """
    conn = db.conn
    if conn.in_transaction:
        name = f"storage_sp_{next(_savepoint_names)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield db
        except BaseException:
            # A constraint error with ON CONFLICT ROLLBACK can end the whole transaction,
            # taking the savepoint with it.
            if conn.in_transaction:
                conn.execute(f"ROLLBACK TO {name}")
                conn.execute(f"RELEASE {name}")
            raise
        conn.execute(f"RELEASE {name}")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
