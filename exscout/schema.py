"""The store's tables, as SQLAlchemy Core ``Table`` objects on one ``MetaData``.

Why Core and not the ORM: every write is a small, explicit statement inside a
per-site transaction, and the same definitions must create the schema on SQLite
(the default, a single file an investigator can copy) and on PostgreSQL (a
shared store for a team). Timestamps are ISO-8601 UTC strings (``...Z``): they
sort correctly as text on both backends and read back unchanged in pandas.

``SCHEMA_VERSION`` is the version this code writes; ``exscout.migrations``
brings older stores up to it and refuses newer ones.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

SCHEMA_VERSION = 2
"""Bump together with a new named migration in ``exscout.migrations.MIGRATIONS``."""

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

migrations_applied = Table(
    "_migrations",
    metadata,
    Column("name", String(128), primary_key=True),
    Column("applied_at", String(32), nullable=False),
)

locks = Table(
    "locks",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("holder", Text, nullable=False),  # "host:pid"
    Column("host", String(255), nullable=False),
    Column("pid", Integer, nullable=False),
    Column("run_id", Integer),
    Column("acquired_at", String(32), nullable=False),
)

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", String(32), nullable=False),
    Column("finished_at", String(32)),
    Column("status", String(16), nullable=False),  # running | finished | interrupted
    Column("mode", String(16), nullable=False, default="corpus"),  # corpus | live
    Column("corpus", Text),
    Column("options", JSON, nullable=False, default=dict),
    Column("counts", JSON, nullable=False, default=dict),
)

domains = Table(
    "domains",
    metadata,
    Column("domain", String(255), primary_key=True),
    Column("platform", Text),
    Column("first_seen", String(32), nullable=False),
    Column("last_seen", String(32), nullable=False),
    Column("first_run_id", Integer),
    Column("last_run_id", Integer),
)

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("domain", String(255), ForeignKey("domains.domain", ondelete="CASCADE"), nullable=False),
    Column("source", String(64), nullable=False),
    Column("listed_name", Text),
    Column("listed_id", Text),
    Column("listed_url", Text, nullable=False, default=""),
    Column("rank", Integer),
    Column("volume", Float),
    Column("country", String(64)),
    Column("fiats", JSON, nullable=False, default=list),
    Column("extra", JSON, nullable=False, default=dict),
    Column("first_seen", String(32), nullable=False),
    Column("last_seen", String(32), nullable=False),
    Column("last_run_id", Integer),
    UniqueConstraint("domain", "source", "listed_url", name="uq_sources_domain_source_url"),
)

rejections = Table(
    "rejections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE")),
    Column("source", String(64), nullable=False),
    Column("where", Text, nullable=False, default=""),
    Column("raw", Text, nullable=False, default=""),
    Column("reason", Text, nullable=False, default=""),
    Column("at", String(32), nullable=False),
)

source_errors = Table(
    "source_errors",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE")),
    Column("source", String(64), nullable=False),
    Column("where", Text, nullable=False, default=""),
    Column("reason", Text, nullable=False, default=""),
    Column("at", String(32), nullable=False),
)

site_observations = Table(
    "site_observations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
    Column("domain", String(255), ForeignKey("domains.domain", ondelete="CASCADE"), nullable=False),
    Column("status", String(16), nullable=False),  # pending | probed | enriched | decided
    Column("platform", Text),
    Column("reachable", Boolean),
    Column("outcome", String(32)),
    Column("verdicts", JSON, nullable=False, default=dict),
    Column("stats", JSON, nullable=False, default=dict),
    Column("linked", JSON, nullable=False, default=list),
    Column("hosts", JSON, nullable=False, default=list),
    Column("redirect_to", String(255)),
    Column("updated_at", String(32), nullable=False),
    UniqueConstraint("run_id", "domain", name="uq_observation_run_domain"),
)

pages = Table(
    "pages",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
    Column("domain", String(255), nullable=False),
    Column("seq", Integer, nullable=False),  # order within the site item
    Column("url", Text, nullable=False),
    Column("final_url", Text),
    Column("status", Integer),
    Column("vantage", String(8), nullable=False, default="intl"),
    Column("rendered", Boolean, nullable=False, default=False),
    Column("render_reason", Text),
    Column("sha256", String(64)),
    Column("content_type", Text),
    Column("body", LargeBinary),  # zlib-compressed
    Column("body_size", Integer),  # uncompressed length
    Column("error", Text),
    Column("detectors", JSON, nullable=False, default=dict),
    Column("redirects", JSON, nullable=False, default=list),
    Index("ix_pages_run_domain", "run_id", "domain"),
)

screenshots = Table(
    "screenshots",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("page_id", Integer, ForeignKey("pages.id", ondelete="CASCADE"), nullable=False),
    Column("run_id", Integer, nullable=False),
    Column("domain", String(255), nullable=False),
    Column("url", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("image", LargeBinary, nullable=False),  # PNG or JPEG bytes as captured
    Index("ix_screenshots_run_domain", "run_id", "domain"),
)

enrichment = Table(
    "enrichment",
    metadata,
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True),
    Column("domain", String(255), primary_key=True),
    Column("facts", JSON, nullable=False),  # enrich DomainFacts.to_dict()
    Column("recorded_at", String(32), nullable=False),
)

decisions = Table(
    "decisions",
    metadata,
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True),
    Column("domain", String(255), primary_key=True),
    Column("candidate", Boolean, nullable=False),
    Column("score", Float, nullable=False),
    Column("reasons", JSON, nullable=False, default=list),
    Column("exchange", Boolean),
    Column("chinese_ui", Boolean),
    Column("cny_onramp", Boolean),
    Column("overseas", Boolean),
    Column("geoblocks_cn", Boolean),
    Column("blocked_in_cn", Boolean),
    Column("reachable", Boolean),
    Column("countries", JSON, nullable=False, default=list),
    Column("asns", JSON, nullable=False, default=list),
    Column("ips", JSON, nullable=False, default=list),
    Column("cdn", JSON, nullable=False, default=list),
    Column("redirect_to", String(255)),
    Column("decided_at", String(32), nullable=False),
    Index("ix_decisions_candidate", "run_id", "candidate"),
)

reports = Table(
    "reports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("made_at", String(32), nullable=False),
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="SET NULL")),
    Column("baseline_run_id", Integer),
    Column("since", String(32)),
    Column("kind", String(16), nullable=False),  # html | md
    Column("path", Text),
)

# Added by migration 0002: remembers exports so `--new-only` means "since the last export".
exports = Table(
    "exports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("made_at", String(32), nullable=False),
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="SET NULL")),
    Column("format", String(16), nullable=False),
    Column("new_only", Boolean, nullable=False, default=False),
    Column("count", Integer, nullable=False, default=0),
    Column("path", Text),
)

V1_TABLES = (
    "meta", "_migrations", "locks", "runs", "domains", "sources", "rejections", "source_errors",
    "site_observations", "pages", "screenshots", "enrichment", "decisions", "reports",
)  # fmt: skip
"""Tables of schema version 1, created by migration ``0001_initial``."""

VERDICT_FIELDS = (
    "exchange",
    "chinese_ui",
    "cny_onramp",
    "overseas",
    "geoblocks_cn",
    "blocked_in_cn",
    "reachable",
)
"""Verdict values copied into ``decisions``, in report and CSV order."""
