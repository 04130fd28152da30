"""渠道 Channels: volume per day / week / month, share, channel × category, time to acknowledge vs target."""

import streamlit as st

from components import channel_view as view
from components import chart_cache, tables
from components.filters import current_filters
from components.i18n import fixed, t
from db.clock import now
from db.dialect import GRAINS
from db.queries import channels as q

f = current_filters()

st.title(t("channels.title"))
st.caption(t("channels.caption", start=f.start, end=f.end))

share = q.channel_share(f)
if share.empty:
    st.info(t("common.empty_for_filters"))
    st.stop()

st.subheader(t("channels.volume"))
grain = st.radio(
    t("channels.grain"),
    GRAINS,
    horizontal=True,
    key="channels_grain",
    format_func=fixed({g: t(f"channels.grain.{g}") for g in GRAINS}),
)
if grain != "day":
    st.caption(t(f"channels.grain_note.{grain}"))
volume = q.volume_by_period(f, grain)
chart_cache.show(*view.volume_chart.specs(volume, grain), key="channels_volume_chart")
with st.expander(t("channels.data")):
    tables.show(view.volume_frame(volume, grain), export_name=f"channel_volume_{grain}", key="channels_volume_table")

left, right = st.columns([2, 3])
cells = q.channel_category(f)
chart_cache.show(*view.share_chart.specs(share), key="channels_share_chart", where=left)
clicked = right.plotly_chart(
    view.category_heatmap.figure(cells), key="channels_category_chart", on_select="rerun", selection_mode="points"
)
with st.expander(t("channels.data")):
    tables.show(view.share_frame(share), export_name="channel_share", key="channels_share_table")
    tables.show(view.category_grid(cells), export_name="channel_by_category", key="channels_category_table")

st.subheader(t("channels.cases"))
picked = view.case_picker(cells, clicked)
if picked is not None:
    rows = q.cases(f, *picked)
    total = int(rows["total"].iloc[0]) if len(rows) else 0
    if total > len(rows):
        st.caption(t("channels.cases_limited", shown=len(rows), total=total))
    tables.show(
        view.cases_frame(rows),
        export_name=f"channel_cases_{picked[0]}",
        key="channels_cases_table",
        case_columns=(t("channels.col.ref"),),
    )

st.subheader(t("channels.ack"))
st.caption(t("channels.ack_caption"))
ack = q.ack_times(f, now())
if ack["median_min"].notna().any():
    chart_cache.show(*view.ack_chart.specs(ack), key="channels_ack_chart")
else:
    st.info(t("channels.ack_none"))
tables.show(
    view.ack_frame(ack),
    export_name="channel_ack_times",
    key="channels_ack_table",
    percent_columns=(t("channels.col.within_share"),),
)
