"""Helpers of the AppTests: run the real ``app.py`` as a role, in a language, on a page."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
from google.protobuf import text_format
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from components.auth import PENDING_PAGE_KEY
from tests.helpers import ROOT

AppRunner = Callable[..., AppTest]
Builders = dict[str, tuple[Callable[[], bytes], str]]  # deferred download builders by file id, with file names

# An identity provider that is never called: AppTest hands ``st.user`` in directly (``signed_in``).
AUTH_SECRETS = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "test-only",
    "client_id": "cx-dashboard",
    "client_secret": "test-only",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}


def signed_in(email: str, lang: str = "zh") -> AppTest:
    """The real ``app.py`` with an identity provider configured and ``email`` signed in (not demo
    mode), run once; the seeded store's users sign in as ``<username>@demo.cx``."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    at.secrets["auth"] = AUTH_SECRETS
    at.user = {"is_logged_in": True, "email": email}
    return at.run()


def open_address(at: AppTest, url_path: str) -> AppTest:
    """Run the page registered under ``url_path``, as typing its address would: AppTest's
    ``switch_page`` only finds file pages, and a refusal page is a function."""
    at._page_hash = next(h for h, info in at._registered_pages.items() if info.get("url_pathname") == url_path)
    return at.run()


def app_runner() -> AppRunner:
    """``run(role="manager", lang="en", page="pages/x.py", flt_city=[1])`` → an AppTest run in that state.

    Widget values are preset through their session-state keys before the first run: AppTest
    drops the entrypoint's sidebar from its element tree on reruns under ``st.navigation``, so
    each state gets a fresh session (real clicking is covered by the browser journeys).
    """

    def run(role: str = "manager", lang: str = "zh", page: str | None = None, **widgets: object) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.session_state["lang"] = lang
        at.session_state["demo_role"] = role
        for key, value in widgets.items():
            at.session_state[key] = value
        if page is not None:
            # Opened as a deep link (its file name is its address): app.py switches to it before
            # the landing page draws anything, so a test pays for its own page only.
            at.session_state[PENDING_PAGE_KEY] = Path(page).stem
        return at.run()

    return run


# A mobile number or an 18-character ID number in clear: never on a page unless unmasked. Not the
# digits of a decimal number (a chart's share 0.13123675249 is no phone).
# Nor a run of digits inside a random hex identifier (an element id, a download's file id): ASCII
# letters and digits around the number rule it out; Chinese text around it does not.
CLEAR_PHONE = re.compile(r"(?<![0-9A-Za-z.])1[3-9]\d{9}(?![0-9A-Za-z.])")
CLEAR_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z.])\d{17}[\dX](?![0-9A-Za-z.])")


def _arrow_text(data: bytes) -> str:
    """A table or chart dataset sent as Arrow IPC, as CSV text (empty when the bytes are no Arrow stream)."""
    try:
        return pa.ipc.open_stream(data).read_all().to_pandas().to_csv(index=False)
    except (pa.ArrowInvalid, OSError, ValueError):
        return ""


def _readable(message: Message) -> str:
    """``message`` as protobuf text with every bytes field (Arrow tables and chart datasets) replaced
    by its decoded rows: printed raw, such bytes are octal escapes whose digits, with Arrow's
    uninitialised padding, now and then look like a phone or ID number that no page shows."""
    copy = type(message)()
    copy.CopyFrom(message)
    decoded: list[str] = []

    def strip(msg: Message) -> None:
        for field, value in msg.ListFields():
            if field.type == FieldDescriptor.TYPE_BYTES:
                for data in value if field.is_repeated else [value]:
                    decoded.append(_arrow_text(data))
                msg.ClearField(field.name)
            elif field.type == FieldDescriptor.TYPE_MESSAGE:
                for child in value if field.is_repeated else [value]:
                    strip(child)

    strip(copy)
    return "\n".join([text_format.MessageToString(copy, as_utf8=True), *decoded])


def rendered_text(at: AppTest) -> str:
    """Everything the last run sent to the browser (texts, tables' data, widget values), readable;
    not the placeholders, which show made-up examples such as 13812345678."""
    text = "\n".join(
        _readable(proto) for proto in (getattr(node, "proto", None) for node in at._tree) if isinstance(proto, Message)
    )
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("placeholder:"))


def case_refs(links: object) -> list[str]:
    """The case numbers of a column of case links (``cases?ref=TS…``), as the table shows them."""
    return [str(link).removeprefix("cases?ref=") for link in pd.Series(links)]
