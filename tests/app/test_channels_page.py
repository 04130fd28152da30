"""The channels page through ``app.py``: charts, grains, filters, both languages, empty state."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from sqlalchemy import create_engine, text
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

CJK = re.compile(r"[\u4e00-\u9fff]")
PAGE = "pages/channels.py"
RANGE = (date(2026, 9, 1), date(2026, 11, 22))  # Tuesday … Sunday


def _counts(seeded_sqlite: str, where: str = "") -> dict[str, int]:
    with create_engine(seeded_sqlite).connect() as conn:
        return dict(
            conn.execute(
                text(
                    "SELECT channel, count(*) FROM complaints WHERE duplicate_of_id IS NULL "
                    f"AND received_at >= '2026-09-01' AND received_at < '2026-11-23' {where} GROUP BY channel"
                )
            ).all()
        )


def _volume_traces(at) -> list[dict]:
    """The volume chart's bars per channel (Altair sends its rows as an Arrow dataset)."""
    chart = at.get("vega_lite_chart")[0].proto
    spec = json.loads(chart.spec)
    encoding = spec["encoding"]
    assert spec["mark"]["type"] == "bar" and encoding["y"]["stack"] == "zero"  # stacked bars
    frames = {d.name: convert_arrow_bytes_to_pandas_df(d.data.data) for d in chart.datasets}
    rows = frames[spec["data"]["name"]]
    x, y, color = (encoding[k]["field"] for k in ("x", "y", "color"))
    return [
        {"name": name, "x": list(group[x]), "y": [int(v) for v in group[y]]}
        for name, group in rows.groupby(color, sort=False)
    ]


def _table_with(at, column: str):
    """The page's table that has ``column`` (AppTest does not expose dataframe keys)."""
    return next(df.value for df in at.main.dataframe if column in df.value.columns)


def _texts(at) -> list[str]:
    """Every label and heading of the page body (not the shared sidebar)."""
    main = at.main
    out = [e.value for kind in ("title", "subheader", "caption", "info") for e in getattr(main, kind)]
    for radio in main.radio:
        out += [radio.label, *radio.options]
    for frame in main.dataframe:
        out += [str(c) for c in frame.value.columns]
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_channels_page_draws_every_chart(app, lang: str) -> None:
    at = app(role="manager", lang=lang, page=PAGE, flt_dates=RANGE)
    assert not at.exception, at.exception
    assert at.title[0].value == ("渠道分析" if lang == "zh" else "Channels")
    # Volume, share and time to acknowledge in Altair; the channel × category heatmap in Plotly.
    assert len(at.get("vega_lite_chart")) == 3 and len(at.get("plotly_chart")) == 1
    assert at.radio(key="channels_grain").value == "day"
    if lang == "en":
        assert not [s for s in _texts(at) if CJK.search(s)]
        assert at.radio(key="channels_grain").options == ["Day", "Week", "Month"]
    else:
        assert at.radio(key="channels_grain").options == ["按日", "按周", "按月"]


def _days_with_complaints(seeded_sqlite: str) -> int:
    with create_engine(seeded_sqlite).connect() as conn:
        return conn.execute(
            text(
                "SELECT count(DISTINCT date(received_at)) FROM complaints WHERE duplicate_of_id IS NULL "
                "AND received_at >= '2026-09-01' AND received_at < '2026-11-23'"
            )
        ).scalar_one()


@pytest.mark.parametrize(("grain", "periods"), [("day", None), ("week", 12), ("month", 3)])
def test_volume_grains_add_up_to_the_store(app, seeded_sqlite: str, grain: str, periods: int | None) -> None:
    at = app(role="manager", lang="en", page=PAGE, flt_dates=RANGE, channels_grain=grain)
    assert not at.exception, at.exception
    traces = _volume_traces(at)
    expected = _counts(seeded_sqlite)
    by_channel = {tr["name"]: sum(tr["y"]) for tr in traces}
    assert sum(by_channel.values()) == sum(expected.values())
    assert by_channel["Phone hotline"] == expected["phone"]
    xs = sorted({x for tr in traces for x in tr["x"]})
    assert len(xs) == (periods or _days_with_complaints(seeded_sqlite))
    if grain == "week":
        assert all(date.fromisoformat(x).weekday() == 0 for x in xs)  # Mondays
        assert xs[0] == "2026-08-31"
    if grain == "month":
        assert xs == ["2026-09", "2026-10", "2026-11"]


def test_ack_table_follows_the_channel_filter(app, seeded_sqlite: str) -> None:
    at = app(role="manager", lang="en", page=PAGE, flt_dates=RANGE, flt_channel=["douyin", "weibo"])
    assert not at.exception, at.exception
    ack = _table_with(at, "Target")
    assert list(ack["Channel"]) == ["Douyin DM", "Weibo DM"]
    assert list(ack["Target"]) == ["≤ 1 h", "≤ 1 h"]  # the social DMs' target from sla_policy
    expected = _counts(seeded_sqlite, "AND channel IN ('douyin', 'weibo')")
    assert list(ack["Received"]) == [expected["douyin"], expected["weibo"]]
    share = _table_with(at, "Share")
    assert int(share["Complaints"].sum()) == sum(expected.values())


def test_ack_table_shows_the_two_hour_target_in_chinese(app) -> None:
    at = app(role="manager", lang="zh", page=PAGE, flt_dates=RANGE, flt_channel=["phone"])
    ack = _table_with(at, "受理目标")
    assert list(ack["渠道"]) == ["电话热线"]
    assert list(ack["受理目标"]) == ["≤ 2 小时"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_empty_filters_say_why(app, lang: str) -> None:
    at = app(role="manager", lang=lang, page=PAGE, flt_dates=(date(2024, 1, 1), date(2024, 1, 7)))
    assert not at.exception, at.exception
    assert not at.get("plotly_chart") and not at.get("vega_lite_chart")
    expected = "当前筛选条件下没有数据" if lang == "zh" else "No data for the current filters"
    assert expected in at.info[0].value


def test_channel_and_category_list_their_cases_as_links(app, seeded_sqlite: str) -> None:
    """The heatmap's drill-down: a channel × category's cases, each number a link to the case."""
    with create_engine(seeded_sqlite).connect() as conn:
        n = conn.execute(
            text(
                "SELECT count(*) FROM complaints WHERE duplicate_of_id IS NULL AND channel = 'phone' "
                "AND category = 'violent_collection' AND received_at >= '2026-09-01' AND received_at < '2026-11-23'"
            )
        ).scalar_one()
    at = app(
        role="manager",
        lang="en",
        page=PAGE,
        flt_dates=RANGE,
        channels_pick_channel="phone",
        channels_pick_category="violent_collection",
    )
    assert not at.exception, at.exception
    cases = _table_with(at, "Reference")
    assert 0 < len(cases) == min(n, 200)
    assert cases["Reference"].str.match(r"^cases\?ref=TS\d+$").all()
    assert set(cases["Category"]) == {"Violent collection"}
