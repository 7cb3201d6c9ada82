"""Fast keyword regexes: lower-cased text, no re.IGNORECASE, no leading ``\\b``.

Why: CPython's ``re`` skips ahead quickly only when every alternative starts
with a literal; ``re.IGNORECASE`` over Unicode and a leading ``\\b`` both
disable that, which made a 40 KB page cost ~100 ms per detector. Patterns are
written once in readable form, compiled here against ``page.lower_text``, and
the left word boundary is checked in Python on the (few) matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_LEAD_B = re.compile(r"(^|\||\((?:\?:|\?P<\w+>)?)\\b")
_WORD = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def terms(src: str, flags: int = 0) -> re.Pattern[str]:
    """Compile a case-insensitive keyword pattern for lower-cased text (see module docstring).

    ``src`` must not use upper-case escapes (``\\S``, ``\\W``, ``\\D``, ``\\B``).
    """
    low = src.lower().replace("(?p<", "(?P<").replace("(?p=", "(?P=")
    return re.compile(_LEAD_B.sub(r"\1", low), flags & ~re.I)


def _left_ok(low: str, m: re.Match[str]) -> bool:
    s = m.start()
    return s == 0 or m.group(0)[:1] not in _WORD or low[s - 1] not in _WORD


def finditer(
    rx: re.Pattern[str], low: str, pos: int = 0, endpos: int | None = None
) -> Iterator[re.Match[str]]:
    """Matches of ``rx`` in ``low`` that start on a word boundary (when they start with a letter or digit)."""
    it = rx.finditer(low, pos) if endpos is None else rx.finditer(low, pos, endpos)
    return (m for m in it if _left_ok(low, m))


def search(rx: re.Pattern[str], low: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
    """First boundary-respecting match, or None."""
    return next(finditer(rx, low, pos, endpos), None)
