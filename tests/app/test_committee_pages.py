"""Committee pages through the app: draw, review, finding → improvement item, the list with overdue rows."""

from __future__ import annotations

import re
from datetime import date

import pytest

CJK = re.compile(r"[\u4e00-\u9fff]")


def draw(at):
    at.date_input(key="sample_start").set_value(date(2026, 1, 1))
    at.date_input(key="sample_end").set_value(date(2026, 10, 31))
    at.number_input(key="sample_size").set_value(12)
    at.text_input(key="sample_seed").set_value("11")
    at.get("form_submit_button")[0].click().run()
    return at


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_empty_sample_page_says_what_to_do(writable_app, lang: str) -> None:
    at = writable_app(role="committee", lang=lang, page="pages/sample.py")
    assert not at.exception
    assert at.info[0].value == ("还没有样本：请先在上方抽取。" if lang == "zh" else "No sample yet: draw one above.")


def test_draw_review_and_turn_a_finding_into_an_improvement(writable_app) -> None:
    at = draw(writable_app(role="committee", lang="en", page="pages/sample.py"))
    assert not at.exception
    assert at.success[0].value == "Sample #1 drawn."
    assert "Reviewed 0 of 12" in at.get("progress")[0].proto.text
    # Review the first case as a finding: fail with a comment.
    for criterion in ("timeliness", "accuracy", "attitude", "resolution", "compliance"):
        at.radio(key=f"sample_review_{criterion}").set_value(2)
    at.radio(key="sample_review_passed").set_value(False)
    at.text_area(key="sample_review_comment").input("<b>核实超时</b>，未联系投诉人")
    at.get("form_submit_button")[1].click().run()
    assert not at.exception
    assert at.success[0].value == "Review saved."
    assert "Reviewed 1 of 12" in at.get("progress")[0].proto.text
    # The comment is shown literally (never as HTML) in the items and findings tables.
    shown = [d.value for d in at.dataframe if "Comment" in d.value.columns]
    assert len(shown) == 2
    assert all("<b>核实超时</b>，未联系投诉人" in set(frame["Comment"]) for frame in shown)
    at.text_input(key="sample_imp_department").input("合规部")
    at.text_input(key="sample_imp_owner").input("王芳")
    at.text_area(key="sample_imp_measure").input("核实环节增加超时提醒")
    at.get("form_submit_button")[-1].click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Added to this month's improvement list")
    at.switch_page("pages/improvements.py").run()
    links = at.dataframe[0].value["Evidence case"].dropna().tolist()
    assert len(links) == 1 and links[0].startswith("cases?ref=TS")  # the finding's case, one click away
    evidence = set(at.dataframe[0].value["Evidence"])
    assert f"Committee sample #1 · case {links[0].removeprefix('cases?ref=')}" in evidence
    assert "Complaint category trend" in evidence and not {e for e in evidence if "sample:" in e or "_" in e}


def test_a_drawn_sample_is_stored_and_its_strata_translated(writable_app) -> None:
    """Opening the sample again shows the same cases; the same seed and period again is refused
    with a pointer to the stored sample; strata read as level · channel, never L1/anonymous."""
    at = draw(writable_app(role="committee", lang="zh", page="pages/sample.py"))
    assert not at.exception
    strata = [d.value["分层"] for d in at.dataframe if "分层" in d.value.columns]  # the items and the strata tables
    assert len(strata) == 2
    for column in strata:
        assert not column.str.contains(r"^L\d/|[a-z_]{3,}").any() and column.str.contains(" · ").all()  # no codes
    assert "种子 11" in at.selectbox(key="sample_pick").options[0]
    draw(at)  # the same seed and period
    assert "样本 #1 已用此种子抽取过该期间" in at.error[0].value
    assert len(at.selectbox(key="sample_pick").options) == 1


def test_review_without_scores_shows_problems_in_chinese(writable_app) -> None:
    at = draw(writable_app(role="committee", lang="zh", page="pages/sample.py"))
    at.get("form_submit_button")[1].click().run()
    assert not at.exception
    assert "请为“时效”打 1–5 分。" in at.error[0].value
    assert "请选择通过或不通过。" in at.error[0].value


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_improvement_list_shows_overdue_and_adds_items(writable_app, lang: str) -> None:
    at = writable_app(role="committee", lang=lang, page="pages/improvements.py", improve_month=None)
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 17  # the seeded list
    at.text_area(key="improve_issue").input("还款渠道说明不清")
    at.text_input(key="improve_department").input("产品技术部")
    at.text_area(key="improve_measure").input("APP 首页增加还款指引")
    at.text_input(key="improve_owner").input("刘洋")
    at.get("form_submit_button")[0].click().run()
    assert not at.exception
    assert at.success, at.error
    if lang == "en":
        assert not CJK.search(at.title[0].value)


def test_improvement_form_needs_every_field(writable_app) -> None:
    at = writable_app(role="committee", lang="en", page="pages/improvements.py")
    at.get("form_submit_button")[0].click().run()
    assert 'Fill in "Issue".' in at.error[0].value
    assert 'Fill in "Owner".' in at.error[0].value
