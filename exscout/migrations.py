"""Named, recorded schema migrations, in the manner of sqlite-utils' ``Migrations``.

Each migration is a function registered under a stable name and a version
number; applying it records the name in ``_migrations`` and raises
``meta.schema_version``. Why recorded names and not just a number: a store
copied between machines tells you exactly which steps it went through, and a
migration is never applied twice.

Opening a store (``ensure_schema``):

- empty database: every migration runs in order (a fresh store is "migrated
  from nothing", so the path older stores take is the path tested daily);
- ``schema_version`` lower than ``SCHEMA_VERSION``: the missing migrations run;
- ``schema_version`` higher: ``StoreVersionError`` naming both versions, and
  nothing is touched (an older exscout must not write a newer store).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, inspect, select

from exscout import schema


class StoreError(Exception):
    """Base class of the store's errors."""


class StoreVersionError(StoreError):
    """The store was written by a newer exscout (higher schema version) than this one."""

    def __init__(self, found: int, supported: int, url: str = "") -> None:
        self.found = found
        self.supported = supported
        where = f" at {url}" if url else ""
        super().__init__(
            f"store{where} has schema version {found}, but this exscout supports up to version "
            f"{supported}; upgrade exscout (or open a copy written by this version)"
        )


@dataclass(frozen=True)
class Migration:
    """One schema step: ``version`` is the schema version the store has after it."""

    version: int
    name: str
    apply: Callable[[Connection], None]


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _m0001_initial(conn: Connection) -> None:
    """Create the version-1 tables (everything but ``exports``)."""
    tables = [schema.metadata.tables[name] for name in schema.V1_TABLES]
    schema.metadata.create_all(conn, tables=tables, checkfirst=True)


def _m0002_exports(conn: Connection) -> None:
    """Add ``exports`` so ``--new-only`` can mean "since the last export of this format"."""
    schema.exports.create(conn, checkfirst=True)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "0001_initial", _m0001_initial),
    Migration(2, "0002_exports", _m0002_exports),
)
assert MIGRATIONS[-1].version == schema.SCHEMA_VERSION, "SCHEMA_VERSION and MIGRATIONS disagree"


def current_version(conn: Connection) -> int:
    """The store's recorded schema version; 0 for an empty database."""
    if not inspect(conn).has_table("meta"):
        return 0
    row = conn.execute(select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")).first()
    return int(row[0]) if row else 0


def applied(conn: Connection) -> list[str]:
    """Names of the migrations recorded in the store, in the order they ran."""
    if not inspect(conn).has_table("_migrations"):
        return []
    t = schema.migrations_applied
    return [r[0] for r in conn.execute(select(t.c.name).order_by(t.c.applied_at, t.c.name))]


def _set_version(conn: Connection, version: int) -> None:
    t = schema.meta
    if conn.execute(select(t.c.key).where(t.c.key == "schema_version")).first():
        conn.execute(t.update().where(t.c.key == "schema_version").values(value=str(version)))
    else:
        conn.execute(t.insert().values(key="schema_version", value=str(version)))


def ensure_schema(conn: Connection, url: str = "") -> list[str]:
    """Bring the store to ``SCHEMA_VERSION`` inside the caller's transaction; return what ran.

    Raises ``StoreVersionError`` for a store newer than this code.
    """
    found = current_version(conn)
    if found > schema.SCHEMA_VERSION:
        raise StoreVersionError(found, schema.SCHEMA_VERSION, url)
    done = set(applied(conn))
    ran: list[str] = []
    for migration in MIGRATIONS:
        if migration.version <= found and migration.name in done:
            continue
        if migration.name in done:
            continue
        migration.apply(conn)
        conn.execute(schema.migrations_applied.insert().values(name=migration.name, applied_at=_now()))
        _set_version(conn, max(migration.version, found))
        ran.append(migration.name)
    if found < schema.SCHEMA_VERSION and not ran:
        _set_version(conn, schema.SCHEMA_VERSION)
    return ran
