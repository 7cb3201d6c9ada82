"""exscout's own errors, and how the CLI shows them.

::

    ExscoutError
    ├── UsageError        bad options or input files (exit 2)
    └── JobError          a run could not proceed (exit 1)

Store errors (``exscout.store.StoreError`` and its ``StoreLockedError`` and
``StoreVersionError``) and corpus errors (``simweb.corpus.CorpusError``) are
turned into the same one-line messages at the CLI boundary.
"""

from __future__ import annotations


class ExscoutError(Exception):
    """Base of exscout's errors; ``exit_code`` is what the CLI exits with."""

    exit_code = 1


class UsageError(ExscoutError):
    """An option, a database URL or an input file is wrong; the message names which and why."""

    exit_code = 2


class JobError(ExscoutError):
    """A run could not go on (everything collected so far stays in the store)."""
