"""Masking of customer names, phone numbers and ID numbers, with values people recognise."""

from __future__ import annotations

import pytest

from domain.masking import mask_id_number, mask_name, mask_phone


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三丰", "张**"),
        ("王五", "王*"),
        ("欧阳修文", "欧***"),
        ("李", "李"),
        ("", ""),
        (None, ""),
        ("王" * 100_000, "王********"),
    ],
)
def test_names_keep_the_surname_and_a_long_name_stays_short(name: str | None, masked: str) -> None:
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("021-62345678", "021*****5678"),
        ("12345", "*****"),
        ("", ""),
        ("1" * 50_000, "111********1111"),
    ],
)
def test_phones_keep_the_prefix_and_the_last_four(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


@pytest.mark.parametrize(
    ("id_number", "masked"),
    [("110105199001010011", "110*************11"), ("12345", "*****"), (None, ""), ("9" * 1000, "999*************99")],
)
def test_id_numbers_keep_the_region_and_the_check_digits(id_number: str | None, masked: str) -> None:
    assert mask_id_number(id_number) == masked
