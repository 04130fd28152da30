"""Saved import mappings, by name."""

from __future__ import annotations

from sqlalchemy import select

from db.models import ImportMapping as StoredMapping
from db.queries import run
from db.queries.cache import store_cached
from domain.imports import ImportMapping


@store_cached(ttl=600, max_entries=8)
def mapping_names() -> list[str]:
    return [name for (name,) in run.rows(select(StoredMapping.name).order_by(StoredMapping.name))]


@store_cached(ttl=600, max_entries=64)
def mapping(name: str) -> ImportMapping | None:
    """The saved mapping called ``name`` (None when there is none)."""
    found = run.rows(select(StoredMapping.body).where(StoredMapping.name == name))
    return ImportMapping.from_json(found[0][0]) if found else None


def forget() -> None:
    """Called when a mapping is saved."""
    mapping_names.clear()
    mapping.clear()
