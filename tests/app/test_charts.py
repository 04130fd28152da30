"""The Altair charts built by ``components.charts`` and the views that use it, without the app.

Each chart is checked as the Vega-Lite spec Streamlit would send: its marks, encodings, the shared
palette (levels, channels, targets) and that every title, legend and tooltip name is in the
user's language.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pandas as pd
import pytest
import streamlit as st

from components import agents_view, channel_view, charts, committee_view, i18n, overview_view
from components.labels import LABELS
from domain.kpis import IMPROPER_SHARE_MAX, SATISFACTION_TARGET

CJK = re.compile(r"[\u4e00-\u9fff]")
MONDAYS = [date(2026, 9, 7) + timedelta(weeks=k) for k in range(12)]


@pytest.fixture(params=["zh", "en"])
def lang(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The views' language, held where the toggle keeps it (outside a script run there is no session)."""
    monkeypatch.setattr(st, "session_state", {i18n.LANG_KEY: request.param})
    return request.param


def label(key: str, lang: str, **kwargs: object) -> str:
    text = LABELS[key][i18n.LANGS.index(lang)]
    return text.format(**kwargs) if kwargs else text


def spec_of(chart: charts.AltChart) -> dict:
    return chart.to_dict()


def layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def layer(spec: dict, mark: str) -> dict:
    found = [part for part in layers(spec) if part["mark"]["type"] == mark]
    assert len(found) == 1, f"expected one {mark} layer, got {len(found)}"
    return found[0]


def rows(spec: dict, part: dict) -> pd.DataFrame:
    """The rows a layer draws (Altair names each frame's values in the spec's datasets)."""
    return pd.DataFrame(spec["datasets"][part.get("data", spec.get("data"))["name"]])


def scale(part: dict, channel: str) -> dict[str, str]:
    encoding = part["encoding"][channel]["scale"]
    return dict(zip(encoding["domain"], encoding["range"]))


def texts(spec: dict) -> list[str]:
    """Every title, axis title, legend title, tooltip name and legend entry a reader sees."""
    out = [spec.get("title", {}).get("text", "")]
    for part in layers(spec):
        for enc in part["encoding"].values():
            if not isinstance(enc, dict):
                continue
            out.append(enc.get("title") or "")
            out += [v for v in (enc.get("scale") or {}).get("domain", []) if isinstance(v, str)]
        for tip in part["encoding"].get("tooltip", []):
            out.append(tip.get("title") or "")
    return [text for text in out if text]


def assert_language(spec: dict, lang: str) -> None:
    if lang == "en":
        assert not [text for text in texts(spec) if CJK.search(text)], texts(spec)
    else:
        assert any(CJK.search(text) for text in texts(spec))


# ---- the helpers ----------------------------------------------------------------------------------


def test_palette_lists_only_the_series_present_in_the_maps_order() -> None:
    domain, colors = charts.palette(["b", "x", "a", "b"], {"a": "#111111", "b": "#222222", "c": "#333333"})
    assert domain == ["a", "b", "x"]  # mapped first, in the map's order; "c" is absent
    assert colors[:2] == ["#111111", "#222222"]
    assert colors[2] == charts.FALLBACK_COLORS[0]


def test_line_chart_is_lines_with_points_dated_in_utc_and_dashed_targets() -> None:
    frame = pd.DataFrame(
        {"week": MONDAYS[:3] * 2, "value": [0.8, 0.82, 0.9, 0.1, 0.12, 0.05], "kpi": ["sat"] * 3 + ["imp"] * 3}
    )
    spec = spec_of(
        charts.line_chart(
            frame,
            x="week",
            y="value",
            color="kpi",
            title="Rates",
            x_title="Week",
            y_title="",
            color_map={"sat": "#2ca02c", "imp": "#ff7f0e"},
            y_format=".0%",
            targets=(charts.TargetLine("Target", 0.85),),
        )
    )
    assert spec["title"]["text"] == "Rates" and spec["config"]["font"] == charts.FONT
    line = layer(spec, "line")
    assert line["mark"]["point"]["filled"] is True
    x = line["encoding"]["x"]
    assert (x["type"], x["timeUnit"], x["axis"]["format"]) == ("temporal", "utcyearmonthdate", "%m-%d")
    assert line["encoding"]["y"]["axis"]["format"] == ".0%"
    assert scale(line, "color") == {"sat": "#2ca02c", "imp": "#ff7f0e", "Target": charts.TARGET_COLOR}
    assert scale(line, "strokeDash")["Target"] == [6, 4] and scale(line, "strokeDash")["sat"] == [1, 0]
    [rule, hover] = [part for part in layers(spec) if part["mark"]["type"] == "rule"]
    assert rows(spec, rule).to_dict("records") == [{"kpi": "Target", "_target": 0.85}]
    # One tooltip per week names every series, with its figure formatted as the axis is.
    tips = hover["encoding"]["tooltip"]
    assert [tip["title"] for tip in tips] == ["Week", "sat", "imp"]
    first = rows(spec, hover).iloc[0]
    assert (first["_when"], first["_s0"], first["_s1"]) == ("2026-09-07", "80.0%", "10.0%")
    assert spec["params"][0]["name"] == "hover"


def test_bar_chart_stacks_in_the_colour_maps_order() -> None:
    frame = pd.DataFrame({"day": ["d1", "d1", "d2"], "n": [3, 4, 5], "who": ["b", "a", "a"]})
    spec = spec_of(
        charts.bar_chart(
            frame,
            x="day",
            y="n",
            color="who",
            title="",
            x_title="Day",
            y_title="Count",
            color_title="Who",
            color_map={"a": "#111111", "b": "#222222"},
        )
    )
    assert "title" not in spec
    bar = layer(spec, "bar")
    assert bar["encoding"]["x"]["sort"] == ["d1", "d2"]
    assert bar["encoding"]["y"]["stack"] == "zero"
    assert bar["encoding"]["order"]["field"] == "_stack"
    assert scale(bar, "color") == {"a": "#111111", "b": "#222222"}
    assert [tip["title"] for tip in bar["encoding"]["tooltip"]] == ["Day", "Who", "Count"]
    drawn = rows(spec, bar)
    assert dict(zip(drawn["who"], drawn["_stack"])) == {"a": 0, "b": 1}


# ---- the views ------------------------------------------------------------------------------------


def _trend() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "week": MONDAYS,
            "complaints": range(100, 112),
            "l1": [3] * 12,
            "sla_attainment": [0.9] * 12,
            "satisfaction_rate": [0.86] * 12,
            "improper_share": [0.08] * 12,
            "partial": [False] * 12,
        }
    )


def test_overview_trends_are_altair_lines_in_the_users_language(lang: str) -> None:
    volume, rates = (spec_of(chart) for chart in overview_view.trend_charts(_trend()))
    assert volume["title"]["text"] == label("overview.trend_volume", lang)
    assert rates["title"]["text"] == label("overview.trend_rates", lang)
    vol_line = layer(volume, "line")
    assert vol_line["encoding"]["x"]["title"] == label("overview.col.week", lang)
    assert vol_line["encoding"]["y"]["title"] == label("overview.col.count", lang)
    assert scale(vol_line, "color") == {
        label("overview.complaints", lang): charts.TOTAL_COLOR,
        label("overview.l1", lang): charts.LEVEL_COLORS["L1"],  # L1 is red in every chart
    }
    assert rows(volume, vol_line)["value"].sum() == sum(range(100, 112)) + 36
    rate_colors = scale(layer(rates, "line"), "color")
    assert list(rate_colors) == [
        label("overview.sla", lang),
        label("overview.satisfaction", lang),
        label("overview.improper", lang),
        label("overview.satisfaction_target_line", lang),
        label("overview.improper_target_line", lang),
    ]
    assert rate_colors[label("overview.improper_target_line", lang)] == charts.LEVEL_COLORS["L1"]
    targets = next(part for part in layers(rates) if part["encoding"].get("y", {}).get("field") == "_target")
    assert sorted(rows(rates, targets)["_target"]) == sorted([IMPROPER_SHARE_MAX, SATISFACTION_TARGET])
    for spec in (volume, rates):
        assert_language(spec, lang)


def test_full_week_trend_marks_the_unfinished_week(lang: str) -> None:
    """The last week still running: a dotted segment into a hollow point, and a note under the title."""
    trend = _trend().assign(partial=[False] * 11 + [True])
    for spec in (spec_of(chart) for chart in overview_view.trend_charts(trend)):
        assert spec["title"]["subtitle"] == label("chart.partial_note", lang)
        solid, dotted = [part for part in layers(spec) if part["mark"]["type"] == "line"]
        assert pd.to_datetime(rows(spec, solid)["week"]).max() == pd.Timestamp(MONDAYS[-2])
        assert dotted["mark"]["strokeDash"] == [3, 3]
        assert sorted(set(pd.to_datetime(rows(spec, dotted)["week"]))) == [pd.Timestamp(d) for d in MONDAYS[-2:]]
        hollow = layer(spec, "point")
        assert hollow["mark"]["filled"] is False
        assert set(pd.to_datetime(rows(spec, hollow)["week"])) == {pd.Timestamp(MONDAYS[-1])}
    whole = spec_of(overview_view.trend_charts(_trend())[0])
    assert "subtitle" not in whole["title"] and not [p for p in layers(whole) if p["mark"]["type"] == "point"]


def test_channel_volume_is_stacked_bars_in_channel_colours(lang: str) -> None:
    volume = pd.DataFrame(
        {
            "period": [date(2026, 11, 2), date(2026, 11, 2), date(2026, 11, 9)],
            "channel": ["weibo", "phone", "phone"],
            "complaints": [2, 5, 7],
        }
    )
    spec = spec_of(channel_view.volume_chart(volume, "week"))
    bar = layer(spec, "bar")
    assert bar["encoding"]["x"]["title"] == label("channels.col.period", lang)
    assert bar["encoding"]["y"]["title"] == label("channels.col.complaints", lang)
    assert bar["encoding"]["x"]["sort"] == ["2026-11-02", "2026-11-09"]
    phone, weibo = (i18n.CODE_LABELS["channel"][c][i18n.LANGS.index(lang)] for c in ("phone", "weibo"))
    # Only the channels drawn, in catalogue order, each in its one colour.
    assert scale(bar, "color") == {phone: charts.CHANNEL_COLORS["phone"], weibo: charts.CHANNEL_COLORS["weibo"]}
    assert rows(spec, bar).groupby("channel")["complaints"].sum().to_dict() == {phone: 12, weibo: 2}
    assert_language(spec, lang)


def test_channel_share_is_a_donut_with_percentages(lang: str) -> None:
    share = pd.DataFrame({"channel": ["phone", "app", "email"], "complaints": [70, 29, 1]})
    share["share"] = share["complaints"] / 100
    spec = spec_of(channel_view.share_chart(share))
    assert spec["title"]["text"] == label("channels.share", lang)
    arc = layer(spec, "arc")
    assert "innerRadius" in arc["mark"] and arc["encoding"]["theta"]["field"] == "complaints"  # a ring
    assert arc["encoding"]["color"]["legend"]["orient"] == "bottom"
    assert list(scale(arc, "color").values()) == [charts.CHANNEL_COLORS[c] for c in ("phone", "app", "email")]
    assert list(rows(spec, arc)["_label"]) == ["70%", "29%", ""]  # a 1% slice is too thin to label
    assert [tip["title"] for tip in arc["encoding"]["tooltip"]] == [
        label("channels.col.channel", lang),
        label("channels.col.complaints", lang),
        label("channels.col.share", lang),
    ]
    assert_language(spec, lang)


def test_ack_times_are_grouped_bars_with_target_ticks(lang: str) -> None:
    ack = pd.DataFrame(
        {
            "channel": ["phone", "douyin", "email"],
            "median_min": [30.0, 50.0, None],
            "p90_min": [90.0, 70.0, None],
            "targets": [((2.0, "hours"),), ((1.0, "hours"),), ((1.0, "business_days"),)],
        }
    )
    spec = spec_of(channel_view.ack_chart(ack))
    bar = layer(spec, "bar")
    assert bar["encoding"]["xOffset"]["field"] == "measure"  # side by side, not stacked
    assert bar["encoding"]["y"]["stack"] is None
    assert bar["encoding"]["y"]["title"] == label("channels.minutes", lang)
    median, p90, target = label("channels.median", lang), label("channels.p90", lang), label("channels.target", lang)
    assert scale(bar, "color") == {median: "#4c78a8", p90: "#9ecae9", target: charts.TARGET_COLOR}
    assert [tip["title"] for tip in bar["encoding"]["tooltip"]] == [label("channels.col.channel", lang), median, p90]
    tick = layer(spec, "tick")
    assert sorted(rows(spec, tick)["value"]) == [60.0, 120.0]  # hour targets only, in minutes
    assert_language(spec, lang)


def _cards() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["A001", "A002", "A003"],
            "name": ["Wang Fang", "Li Lei", "Zhang Wei"],  # names are shown as stored
            "team": ["一组", "二组", "一组"],
            "team_en": ["Team 1", "Team 2", "Team 1"],
            "satisfaction_rate": [0.5, 0.9, None],
            "few_surveys": [True, False, False],
            "compliance_rate": [0.7, 0.95, 0.99],
            "few_reviews": [False, True, False],
        }
    )


def test_agent_ranking_is_horizontal_bars_in_list_order(lang: str) -> None:
    spec = spec_of(agents_view.ranking_chart(_cards(), "satisfaction_rate", worst_first=True))
    metric = label("agents.metric.satisfaction_rate", lang)
    assert spec["title"]["text"] == label("agents.ranking.worst", lang, metric=metric, n=2)
    bar = layer(spec, "bar")
    team = "一组" if lang == "zh" else "Team 1"
    assert bar["encoding"]["y"]["sort"][0] == f"A001 Wang Fang · {team}"  # the list's order, worst first
    assert bar["encoding"]["x"]["scale"]["domain"] == [0, 1.12]
    assert bar["encoding"]["x"]["axis"]["values"][-1] == 1  # room for labels, no tick past 100%
    assert scale(bar, "color") == {
        label("agents.ranking.small", lang): agents_view.SMALL_COLOR,
        label("agents.ranking.reliable", lang): agents_view.RELIABLE_COLOR,
    }
    assert layer(spec, "text")["encoding"]["text"]["format"] == ".1%"
    assert_language(spec, lang)
    # Small samples left out of the ranking: A002 (few QA reviews) is not drawn, so no legend either.
    compliance = layer(spec_of(agents_view.ranking_chart(_cards(), "compliance_rate", True, False)), "bar")
    assert compliance["encoding"]["y"]["sort"] == [f"A001 Wang Fang · {team}", f"A003 Zhang Wei · {team}"]
    assert compliance["encoding"]["color"]["legend"] is None


def test_agent_trends_compare_the_agent_with_the_scope(lang: str) -> None:
    weeks = pd.DataFrame(
        {
            "week": MONDAYS[:4],
            "satisfaction_rate": [0.7, 0.8, None, 0.9],
            "complaints_per_1000": [1.0, 2.0, 0.0, 1.5],
            "violations": [0, 2, 1, 0],
        }
    )
    row = pd.Series({"code": "A001", "name": "Wang Fang"})
    satisfaction, complaints, violations = (
        spec_of(c) for c in agents_view.trend_charts(weeks, weeks.assign(satisfaction_rate=0.8), row)
    )
    assert [s["title"]["text"] for s in (satisfaction, complaints, violations)] == [
        label("agents.trend.satisfaction", lang),
        label("agents.trend.complaints", lang),
        label("agents.trend.violations", lang),
    ]
    colors = scale(layer(satisfaction, "line"), "color")
    assert colors["A001 Wang Fang"] == charts.LEVEL_COLORS["L1"]
    assert colors[label("agents.trend.scope", lang)] == agents_view.SMALL_COLOR
    assert label("common.target", lang, target="85%") in colors
    line = layer(violations, "line")
    assert line["encoding"]["x"]["title"] is None  # the title says "weekly" ...
    hover = [part for part in layers(violations) if part["mark"]["type"] == "rule"][-1]
    assert hover["encoding"]["tooltip"][0]["title"] == label("agents.trend.week", lang)  # ... the tooltip the week
    assert line["encoding"]["y"]["axis"]["tickMinStep"] == 1 and line["encoding"]["color"]["legend"] is None
    for spec in (satisfaction, complaints, violations):
        assert_language(spec, lang)


def test_committee_summary_is_one_bar_per_criterion(lang: str) -> None:
    summary = pd.DataFrame(
        {
            "criterion": ["timeliness", "accuracy", "attitude", "resolution", "compliance"],
            "mean": [4.2, 3.1, None, 4.8, 2.0],
        }
    )
    spec = spec_of(committee_view.summary_chart(summary))
    assert spec["title"]["text"] == label("sample.summary", lang)
    bar = layer(spec, "bar")
    assert bar["mark"]["color"] == charts.TOTAL_COLOR
    assert bar["encoding"]["y"]["scale"]["domain"] == [0, 5]
    assert bar["encoding"]["x"]["sort"] == [label(f"sample.crit.{c}", lang) for c in summary["criterion"]]
    assert (bar["encoding"]["x"]["title"], bar["encoding"]["y"]["title"]) == (
        label("sample.criterion", lang),
        label("sample.mean", lang),
    )
    assert_language(spec, lang)
