"""用户管理 Users (admins): every account with its role, team and cities; create, change, disable
and enable accounts. The services check the input and write the audit rows."""

import pandas as pd
import streamlit as st

from components import auth, forms, tables
from components.i18n import code_format, coder, fixed, lang, t
from db.queries import reference
from db.queries import users as q
from db.services import users as svc
from domain.codes import ROLES
from domain.users import AccountForm

user = auth.current_user()
st.title(t("users.title"))
st.caption(t("users.intro"))
forms.after_write()

name_col = "name" if lang() == "zh" else "name_en"
cities, teams = reference.cities(), reference.teams()
city_names = dict(zip(cities["id"].astype(int), cities[name_col]))
team_names: dict[int | None, str] = {None: t("users.no_team"), **dict(zip(teams["id"].astype(int), teams[name_col]))}
accounts = q.accounts()


def _cities(ids: tuple[int, ...]) -> str:
    return "、".join(city_names.get(c, str(c)) for c in ids) if ids else t("users.all_cities")


show_disabled = st.toggle(t("users.show_disabled"), key="users_show_disabled")
listed = accounts if show_disabled else accounts[accounts["active"].astype(bool)]
tables.show(
    pd.DataFrame(
        {
            t("users.col.id"): listed["id"],
            t("users.col.username"): listed["username"],
            t("users.col.display_name"): listed["display_name"],
            t("users.col.email"): listed["email"].fillna(""),
            t("users.col.role"): listed["role"].map(coder("role")),
            t("users.col.team"): listed["team" if lang() == "zh" else "team_en"].fillna(t("users.none")),
            t("users.col.cities"): [
                _cities(ids) if role == "manager" else t("users.none")
                for ids, role in zip(listed["city_ids"], listed["role"])
            ],
            t("users.col.active"): listed["active"].map(lambda a: t("users.active" if a else "users.disabled")),
        }
    ),
    export_name="users",
    key="users_table",
)


def account_fields(prefix: str) -> AccountForm:
    """The fields of one account form (new or existing); their keys start with ``prefix``."""
    username = st.text_input(t("users.field.username"), key=f"{prefix}_username", max_chars=60)
    display = st.text_input(t("users.field.display_name"), key=f"{prefix}_display_name", max_chars=60)
    email = st.text_input(t("users.field.email"), key=f"{prefix}_email", max_chars=120)
    role = st.selectbox(
        t("users.field.role"),
        ROLES,
        index=None,
        key=f"{prefix}_role",
        format_func=code_format("role", ROLES),
        placeholder=t("users.choose"),
    )
    team = st.selectbox(
        t("users.field.team"),
        list(team_names),
        key=f"{prefix}_team",
        format_func=fixed(team_names),
        placeholder=t("users.choose"),
    )
    chosen = st.multiselect(
        t("users.field.cities"),
        list(city_names),
        key=f"{prefix}_cities",
        format_func=fixed(city_names),
        placeholder=t("users.all_cities"),
    )
    return AccountForm(username, display, email, role, team, tuple(chosen))


NEW_FIELDS = ("users_new_username", "users_new_display_name", "users_new_email", "users_new_role")
left, right = st.columns(2, gap="large")
with left.form("users_new_form"):
    st.subheader(t("users.create"))
    new = account_fields("users_new")
    if st.form_submit_button(t("users.save_new"), type="primary"):
        forms.submit(
            "users_new",
            lambda token: svc.create_user(user, new, token=token),
            lambda _id: t("users.created", username=new.username.strip().lower()),
            clear=(*NEW_FIELDS, "users_new_team", "users_new_cities"),
        )

with right:
    st.subheader(t("users.edit"))
    labels = {
        int(r.id): f"{r.display_name} ({r.username})" + ("" if r.active else f" · {t('users.disabled')}")
        for r in accounts.itertuples()
    }
    picked = st.selectbox(
        t("users.pick"),
        list(labels),
        index=None,
        key="users_pick",
        format_func=fixed(labels),
        placeholder=t("users.choose"),
    )
    if picked is not None:
        account_id = int(picked)
        row = accounts.set_index("id").loc[account_id]
        if st.session_state.get("users_edit_of") != account_id:  # a newly picked account fills the form
            st.session_state.update(
                users_edit_of=account_id,
                users_edit_username=row["username"],
                users_edit_display_name=row["display_name"],
                users_edit_email=row["email"] or "",
                users_edit_role=row["role"],
                users_edit_team=None if pd.isna(row["team_id"]) else int(row["team_id"]),
                users_edit_cities=list(row["city_ids"]),
            )
        with st.form("users_edit_form"):
            edited = account_fields("users_edit")
            if st.form_submit_button(t("users.save"), type="primary"):
                forms.save(
                    lambda: svc.update_user(user, account_id, edited),
                    lambda changed: t("users.updated" if changed else "users.unchanged"),
                )
        active = bool(row["active"])
        if st.button(t("users.disable" if active else "users.enable"), key="users_toggle_active"):
            forms.save(
                lambda: svc.set_active(user, account_id, not active),
                lambda _changed: t("users.disabled_done" if active else "users.enabled_done"),
            )
