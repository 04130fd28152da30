"""Where the notification channels' secrets come from: the environment variable
``DASHBOARD_NOTIFY_<NAME>_<FIELD>``, else ``<field>`` of ``[notify.<name>]`` in
``.streamlit/secrets.toml``. The store names a channel's secret and never holds it; only the sender
reads the values, and the pages learn no more than whether each one is there."""

from __future__ import annotations

import os

import streamlit as st
from streamlit.errors import StreamlitAPIException

from domain.notify import REQUIRED_SECRETS, SECRET_FIELDS

ENV_PREFIX = "DASHBOARD_NOTIFY_"
SECTION = "notify"


def env_name(name: str, field: str) -> str:
    """The environment variable of one secret field, e.g. ``DASHBOARD_NOTIFY_PREVENTION_WEBHOOK``."""
    return f"{ENV_PREFIX}{name.upper()}_{field.upper()}"


def secret(name: str, field: str) -> str | None:
    """The value of a channel's secret field, or None when neither place has it."""
    value = os.environ.get(env_name(name, field), "").strip()
    if value:
        return value
    try:
        entry = st.secrets.get(SECTION, {}).get(name, {})
        found = entry.get(field) if hasattr(entry, "get") else None
    except (FileNotFoundError, StreamlitAPIException):  # no secrets file, or one that does not parse
        return None
    text = "" if found is None else str(found).strip()
    return text or None


def present(kind: str, name: str) -> dict[str, bool]:
    """Per secret field of a ``kind`` channel: whether it is configured (never the value)."""
    return {field: secret(name, field) is not None for field in SECRET_FIELDS.get(kind, ())}


def configured(kind: str, name: str, options: dict | None = None) -> bool:
    """Whether the channel has every secret it cannot send without (a mailbox that signs in to its
    SMTP server, its password)."""
    required = REQUIRED_SECRETS.get(kind, ())
    if kind == "email" and (options or {}).get("user"):
        required = (*required, "password")
    found = present(kind, name)
    return all(found.get(field, False) for field in required)
