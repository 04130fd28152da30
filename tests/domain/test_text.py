"""domain.text: urgent themes, category and keywords on labelled complaint sentences (figures
printed), negations and look-alike traps, and the tokens search indexes.

The rules alone did not reach the targets on sentences they had not seen: ``text_heldout3.csv``
(82 sentences), written after the word families were broadened and measured once, gave urgent
recall 0.550, precision 0.957, category accuracy 0.610; five sets written independently of the
rules (292 + 200 sentences) gave 0.851 / 0.882 / 0.818 and 0.550 / 0.936 / 0.640. The learned
reading (character n-grams and logistic regression, fitted on ``domain/text_examples.csv``: every
set here but ``text_unseen.csv``) is what takes the texts the rules miss.

``text_unseen.csv`` (200 sentences: indirect and veiled wordings, colloquial and dialect messages)
was written by someone who saw neither the rules nor the examples and is not among the examples;
measured on it, rules and learned reading together: urgent recall 0.925, precision 0.925, category
accuracy 0.815 (the learned reading's threshold, 0.6, was chosen by cross-validation on the examples). The other sets are among the examples: their tests keep the fitted behaviour."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from domain.codes import CATEGORIES
from domain.text import EXAMPLES_FILE, THEME_CATEGORY, THEMES, analyse, mask_digits, search_tokens

DATA = Path(__file__).parent / "data"
SETS = ("text_labelled.csv", "text_heldout.csv", "text_heldout2.csv", "text_dev3.csv", "text_heldout3.csv")
UNSEEN = "text_unseen.csv"
RECALL, PRECISION, ACCURACY = 0.90, 0.85, 0.80


def figures(name: str) -> dict[str, float]:
    with (DATA / name).open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    tp = fp = fn = right = 0
    for row in rows:
        found = analyse(row["text"])
        urgent = row["urgent"] == "1"
        tp += found.urgent and urgent
        fp += found.urgent and not urgent
        fn += urgent and not found.urgent
        right += found.category == row["category"]
    return {
        "sentences": len(rows),
        "urgent": tp + fn,
        "recall": tp / (tp + fn),
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "accuracy": right / len(rows),
    }


@pytest.mark.parametrize("name", SETS)
def test_labelled_sentences_meet_the_targets(name: str) -> None:
    got = figures(name)
    print(
        f"\n{name}: {got['sentences']} sentences ({got['urgent']} urgent): urgent recall {got['recall']:.3f}, "
        f"precision {got['precision']:.3f}; category accuracy {got['accuracy']:.3f}"
    )
    assert got["recall"] >= RECALL and got["precision"] >= PRECISION and got["accuracy"] >= ACCURACY, got


def test_unseen_sentences_meet_the_targets() -> None:
    """The sentences the reading was never fitted on: the figures to trust."""
    got = figures(UNSEEN)
    print(
        f"\n{UNSEEN} (never fitted on): {got['sentences']} sentences ({got['urgent']} urgent): urgent recall "
        f"{got['recall']:.3f}, precision {got['precision']:.3f}; category accuracy {got['accuracy']:.3f}"
    )
    assert got["recall"] >= RECALL and got["precision"] >= PRECISION and got["accuracy"] >= ACCURACY, got


def test_the_unseen_sentences_are_not_among_the_examples() -> None:
    with EXAMPLES_FILE.open(encoding="utf-8") as fh:
        examples = {row["text"] for row in csv.DictReader(fh)}
    with (DATA / UNSEEN).open(encoding="utf-8") as fh:
        unseen = {row["text"] for row in csv.DictReader(fh)}
    assert len(unseen) >= 200 and not unseen & examples


def test_labelled_files_use_known_codes() -> None:
    for name in (*SETS, UNSEEN):
        with (DATA / name).open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                assert row["category"] in CATEGORIES and row["urgent"] in ("0", "1"), row
                assert (row["urgent"] == "1") == (row["theme"] in THEMES), row
                if row["theme"]:
                    assert THEME_CATEGORY[row["theme"]] == row["category"], row


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("我只能去死", "self_harm"),
        ("找人上门把我家砸了", "threat"),
        ("把我欠款的事发到公司群里", "exposure"),
        ("你们天天打电话给我妈", "third_party"),
        ("我没钱还，他就威胁我", "threat"),  # the negation's scope ends at 就
        ("请你们不要再威胁我了", "threat"),  # a request, not a denial
    ],
)
def test_paraphrases_are_urgent(text: str, theme: str) -> None:
    found = analyse(text)
    assert found.urgent and found.theme == theme, found
    assert found.category == THEME_CATEGORY[theme]
    assert found.reasons and all(r.theme in THEMES for r in found.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "我没有想自杀",
        "催收员并没有威胁我",
        "我从来没有过轻生的念头",
        "他们没有把我的信息泄露出去",
        "账户存在安全威胁",
        "APP一打开就死机",
        "笑死，客服连利息都算不清",
        "砸锅卖铁我也会还",
        "我要去媒体曝光你们公司",
        "我担心信息会被泄露",
        "我老婆帮我联系了客服",
        "",
    ],
)
def test_negations_and_look_alikes_are_not_urgent(text: str) -> None:
    assert not analyse(text).urgent, analyse(text)


def test_numbers_never_change_the_analysis() -> None:
    one = analyse("工号A0012的催收员说我欠12,345.67元，晚上22:05还在打电话")
    other = analyse("工号A9的催收员说我欠3元，晚上7:00还在打电话")
    assert one == other
    assert mask_digits("欠１２,３４５元") == "欠0元"


def test_keywords_are_words_from_the_domain_dictionary_and_text() -> None:
    found = analyse("催收员爆通讯录，还说要上门催收，罚息也算得不对，征信被影响")
    assert 1 <= len(found.keywords) <= 5
    assert {"爆通讯录", "上门催收"} & set(found.keywords)
    assert all(not k.isdigit() for k in found.keywords)


def test_search_tokens_are_words_and_ascii_runs() -> None:
    tokens = search_tokens("催收员A0012上门催收，ＡＰＰ闪退😀")
    assert "催收员" in tokens and "上门" in tokens and "a0012" in tokens and "app" in tokens
    assert all(t.isalnum() for t in tokens)
    assert search_tokens('" * OR - NEAR 😀') == ["or", "near"]
