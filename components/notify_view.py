"""Drawing the notifications: the settings page's part (the settings, the channels with whether their
secrets are configured, never the secrets; a channel's form and test message) and the outbox page's
table and resend; and the label catalogue in a chosen language as the messages' ``Texts`` (the sender
writes messages outside any session)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components import forms, import_view
from components.catalogue import CODE_LABELS
from components.formats import stamp
from components.i18n import LANGS, fixed, lang, t
from domain.notify import (
    CHANNEL_KINDS,
    EVENTS,
    MESSAGE_LANGUAGES,
    REQUIRED_SECRETS,
    SMTP_SECURITY,
    ChannelForm,
    NotifySettings,
    message_language,
    render,
)


@dataclass(frozen=True)
class CatalogueTexts:
    """The catalogue in ``lang``: what ``domain.notify.render`` writes messages with."""

    lang: str = "zh"

    def label(self, key: str, **args: object) -> str:
        text = import_view.label(key, self.lang)
        return text.format(**args) if args else text

    def code(self, kind: str, value: object) -> str:
        if value is None:
            return ""
        pair = CODE_LABELS.get(kind, {}).get(str(value))
        return str(value) if pair is None else pair[LANGS.index(self.lang)]


def _names(prefix: str, codes: tuple[str, ...]) -> dict[str, str]:
    return {c: t(f"{prefix}.{c}") for c in codes}


# --------------------------------------------------------------------------- the settings part


def settings_form(stored: NotifySettings, save: Callable[..., NotifySettings]) -> None:
    """The app's address for links, the two thresholds and the weekly pack's time."""
    with st.form("notify_settings_form"):
        base_url = st.text_input(
            t("notify.field.base_url"),
            value=stored.base_url,
            max_chars=200,
            help=t("notify.help.base_url"),
            key="notify_base_url",
        )
        c1, c2, c3 = st.columns(3)
        hours = c1.number_input(
            t("notify.field.overdue_hours"), 1, 720, value=stored.overdue_hours, step=1, key="notify_overdue_hours"
        )
        days = c2.number_input(
            t("notify.field.signoff_days"), 1, 60, value=stored.signoff_days, step=1, key="notify_signoff_days"
        )
        weekly = c3.text_input(
            t("notify.field.weekly_time"),
            value=stored.weekly_time,
            max_chars=5,
            help=t("notify.help.weekly_time"),
            key="notify_weekly_time",
        )
        if st.form_submit_button(t("notify.settings.save")):
            forms.save(
                lambda: save(base_url=base_url, overdue_hours=hours, signoff_days=days, weekly_time=weekly),
                lambda _saved: t("notify.settings.saved"),
            )


def _secret_state(kind: str, present: dict[str, bool], options: object) -> str:
    """ "configured", or which secret fields are missing (by field name, never a value)."""
    required = set(REQUIRED_SECRETS.get(kind, ()))
    if kind == "email" and isinstance(options, dict) and options.get("user"):
        required.add("password")
    missing = [f for f, there in present.items() if not there and f in required]
    if missing:
        return t("notify.secret.missing", fields=", ".join(missing))
    optional = [f for f, there in present.items() if not there]
    return (
        t("notify.secret.optional_missing", fields=", ".join(optional)) if optional else t("notify.secret.configured")
    )


def channels_table(channels: pd.DataFrame) -> pd.DataFrame:
    """The channels as the admin reads them: events and kinds by name, the secrets' state."""
    events = _names("notify.event", EVENTS)
    kinds = _names("notify.kind", CHANNEL_KINDS)
    team = "team" if lang() == "zh" else "team_en"
    return pd.DataFrame(
        {
            t("notify.col.name"): channels["name"],
            t("notify.col.kind"): channels["kind"].map(lambda k: kinds.get(k, str(k))),
            t("notify.col.events"): channels["events"].map(
                lambda es: "、".join(events.get(e, str(e)) for e in es) if isinstance(es, list) else ""
            ),
            t("notify.col.team"): channels[team].fillna(t("notify.all_teams")),
            t("notify.col.secret_name"): channels["secret_name"],
            t("notify.col.secret"): [
                _secret_state(k, p, o) for k, p, o in zip(channels["kind"], channels["present"], channels["options"])
            ],
            t("notify.col.active"): channels["active"].map(lambda a: t("common.yes") if a else t("common.no")),
        }
    )


FIELDS = (
    "name",
    "kind",
    "secret_name",
    "events",
    "team",
    "active",
    "recipients",
    "smtp_host",
    "smtp_port",
    "smtp_security",
    "smtp_user",
    "sender",
)


def _key(name: str) -> str:
    return f"notify_ch_{name}"


def _fill(row: pd.Series | None) -> None:
    """Put a picked channel's values (or a new channel's defaults) into the form's widgets."""
    options = row["options"] if row is not None and isinstance(row["options"], dict) else {}
    values: dict[str, object] = {
        "name": "" if row is None else row["name"],
        "kind": None if row is None else row["kind"],
        "secret_name": "" if row is None else row["secret_name"],
        "events": [] if row is None else list(row["events"]),
        "team": None if row is None or pd.isna(row["team_id"]) else int(row["team_id"]),
        "active": True if row is None else bool(row["active"]),
        "recipients": "\n".join(options.get("recipients", [])),
        "smtp_host": options.get("host", ""),
        "smtp_port": int(options.get("port") or 587),
        "smtp_security": options.get("security", "starttls"),
        "smtp_user": options.get("user", ""),
        "sender": options.get("sender", ""),
        "language": message_language(options),
    }
    st.session_state.update({_key(name): value for name, value in values.items()})


def channel_editor(
    channels: pd.DataFrame,
    teams: pd.DataFrame,
    save: Callable[[ChannelForm, int | None], int],
    send_test: Callable[[int, str], int],
) -> None:
    """Pick a channel (or a new one), change it in a form, save; send an existing one a test message."""
    labels: dict[int | None, str] = {None: t("notify.channel.new"), **dict(zip(channels["id"], channels["name"]))}
    picked = st.selectbox(
        t("notify.channel.pick"),
        list(labels),
        key="notify_ch_pick",
        format_func=fixed(labels),
        placeholder=t("common.choose"),
    )
    if st.session_state.get("notify_ch_of", "unset") != picked:
        st.session_state["notify_ch_of"] = picked
        _fill(None if picked is None else channels.set_index("id").loc[picked])
    team_names: dict[int | None, str] = {
        None: t("notify.all_teams"),
        **dict(zip(teams["id"].astype(int), teams["name" if lang() == "zh" else "name_en"])),
    }
    with st.form("notify_channel_form"):
        c1, c2, c3 = st.columns(3)
        name = c1.text_input(t("notify.field.name"), max_chars=60, key=_key("name"))
        kind = c2.selectbox(
            t("notify.field.kind"),
            CHANNEL_KINDS,
            index=None,
            key=_key("kind"),
            format_func=fixed(_names("notify.kind", CHANNEL_KINDS)),
            placeholder=t("common.choose"),
        )
        secret_name = c3.text_input(
            t("notify.field.secret_name"),
            max_chars=40,
            help=t("notify.help.secret_name"),
            key=_key("secret_name"),
        )
        events = st.multiselect(
            t("notify.field.events"),
            EVENTS,
            key=_key("events"),
            format_func=fixed(_names("notify.event", EVENTS)),
            placeholder=t("common.choose"),
        )
        c1, c2 = st.columns([3, 1])
        team = c1.selectbox(
            t("notify.field.team"),
            list(team_names),
            key=_key("team"),
            format_func=fixed(team_names),
            placeholder=t("common.choose"),
        )
        active = c2.checkbox(t("notify.field.active"), key=_key("active"))
        language = c1.selectbox(
            t("notify.field.language"),
            MESSAGE_LANGUAGES,
            key=_key("language"),
            format_func=fixed({"zh": "中文", "en": "English"}),
            placeholder=t("common.choose"),
        )
        st.caption(t("notify.channel.email_only"))
        recipients = st.text_area(t("notify.field.recipients"), max_chars=2000, key=_key("recipients"))
        c1, c2, c3 = st.columns(3)
        host = c1.text_input(t("notify.field.smtp_host"), max_chars=120, key=_key("smtp_host"))
        port = c2.number_input(t("notify.field.smtp_port"), 1, 65535, step=1, key=_key("smtp_port"))
        security = c3.selectbox(
            t("notify.field.smtp_security"),
            SMTP_SECURITY,
            key=_key("smtp_security"),
            format_func=fixed(_names("notify.security", SMTP_SECURITY)),
            placeholder=t("common.choose"),
        )
        c1, c2 = st.columns(2)
        smtp_user = c1.text_input(t("notify.field.smtp_user"), max_chars=120, key=_key("smtp_user"))
        sender = c2.text_input(t("notify.field.sender"), max_chars=120, key=_key("sender"))
        if st.form_submit_button(t("notify.channel.save"), type="primary"):
            form = ChannelForm(
                name,
                kind,
                secret_name,
                tuple(events),
                team,
                active,
                recipients,
                host,
                port,
                security,
                smtp_user,
                sender,
                language or "zh",
            )
            forms.save(
                lambda: save(form, picked),
                lambda _id: t("notify.channel.saved", name=name.strip()),
                preset={"notify_ch_of": "unset"},  # the form shows the channel as stored
            )
    if picked is not None and st.button(t("notify.channel.test"), key="notify_ch_test"):
        forms.submit(
            "notify_test", lambda token: send_test(int(picked), token), lambda _n: t("notify.channel.test_queued")
        )


# --------------------------------------------------------------------------- the outbox page


def outbox_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """The outbox rows as the admin reads them: each message's title in the user's language."""
    texts = CatalogueTexts(lang())
    events = _names("notify.event", (*EVENTS, "test"))
    statuses = {s: t(f"notify.status.{s}") for s in ("pending", "sending", "sent", "failed")}
    return pd.DataFrame(
        {
            t("notify.col.id"): rows["id"],
            t("notify.col.created"): rows["created_at"].map(stamp),
            t("notify.col.channel"): rows["channel"],
            t("notify.col.event"): rows["event"].map(lambda e: events.get(e, str(e))),
            t("notify.col.subject"): [
                render(str(e), p if isinstance(p, dict) else {}, texts, "").title
                for e, p in zip(rows["event"], rows["payload"])
            ],
            t("notify.col.status"): rows["status"].map(lambda s: statuses.get(s, str(s))),
            t("notify.col.attempts"): rows["attempts"],
            t("notify.col.next"): [
                stamp(n) if s in ("pending", "sending") else "" for n, s in zip(rows["next_attempt_at"], rows["status"])
            ],
            t("notify.col.sent"): rows["sent_at"].map(stamp),
            t("notify.col.error"): rows["last_error"].fillna(""),
        }
    )


def resend(rows: pd.DataFrame, retry: Callable[[int], None]) -> None:
    """Pick a failed message of the rows shown and queue it again."""
    failed = rows[rows["status"] == "failed"]
    if failed.empty:
        st.caption(t("notify.retry.none"))
        return
    labels = {int(r.id): f"#{r.id} · {r.channel} · {stamp(r.created_at)}" for r in failed.itertuples()}
    picked = st.selectbox(
        t("notify.retry.pick"),
        list(labels),
        key="notify_retry_pick",
        format_func=fixed(labels),
        placeholder=t("common.choose"),
    )
    if st.button(t("notify.retry.button"), key="notify_retry_btn", type="primary"):
        chosen = int(picked)
        forms.save(lambda: retry(chosen), lambda _none: t("notify.retry.done", id=chosen))
