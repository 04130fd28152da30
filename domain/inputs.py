"""The one input policy every write applies to every field it stores (pure: no Streamlit, no SQL).

Text
    Normalised to NFC. CR LF and a lone CR become LF. C0/C1 control characters are removed, with
    two exceptions: NUL is refused (PostgreSQL cannot store it and nobody types it on purpose),
    and the line-separating controls (Word's U+000B soft line break, U+000C, U+0085, U+2028,
    U+2029) become a line break in a multi-line field. Newline and tab survive only in multi-line
    fields; a single-line field gets a space instead. A byte-order mark (U+FEFF) is dropped
    wherever it is. Leading and trailing whitespace and invisible characters (zero-width spaces
    and joiners, direction marks, Hangul fillers) are trimmed, so text of nothing but those is
    empty. Lone surrogates are refused (no database encoding holds them). The limit counts
    characters (code points) of the cleaned text: 𠮷 and 😀 are one character each. Markup and SQL
    are just text, kept literally.
Codes and phone numbers
    ASCII digits only: full-width (１３８), Arabic-Indic (١٣٨) or superscript (²) digits are refused
    with a message saying so, not taken as a malformed number. Patterns match the whole value.
Numbers
    Finite, within the field's range (inclusive, or "greater than" for amounts that must be
    positive) and with at most the field's decimals; a typed whole number (the sample seed) is
    ASCII digits only and bounded to what its column holds.
Dates
    Within the field's window, said in the message.

Every refusal is a named problem ``(label key, args)``; ``args["field"]`` is the label key of the
field's name (the page translates it), the other args are the limit. The messages are in
components/labels/inputs.py. A caller may rename a problem for one field (``keys={REQUIRED: ...}``)
when it has a more specific message; the renamed message gets the same args.
"""

from __future__ import annotations

import math
import numbers
import re
import unicodedata
from collections.abc import Collection, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Final, Generic, NamedTuple, TypeVar

from domain.errors import InputError

T = TypeVar("T")

# (label key, format arguments); an argument that is itself a label key is translated when shown.
Problem = tuple[str, dict[str, Any]]

REQUIRED: Final = "input.err.required"
CHOOSE: Final = "input.err.choose"
TOO_LONG: Final = "input.err.too_long"
NUL: Final = "input.err.nul"
UNREADABLE: Final = "input.err.unreadable"
ASCII_DIGITS: Final = "input.err.ascii_digits"
NOT_A_NUMBER: Final = "input.err.not_a_number"
BELOW: Final = "input.err.below"
NOT_ABOVE: Final = "input.err.not_above"
ABOVE: Final = "input.err.above"
DECIMALS: Final = "input.err.decimals"
WHOLE: Final = "input.err.whole"
NOT_A_DATE: Final = "input.err.not_a_date"
DATE_WINDOW: Final = "input.err.date_window"
FORM_EXPIRED: Final = "input.err.form_expired"

CODE_MAX: Final = 20  # customers.code, agents.code, early_warnings.contact are VARCHAR(20)
TOKEN_MAX: Final = 64  # every idempotency_token column is VARCHAR(64)
ID_MAX: Final = 2**63 - 1  # the largest BIGINT; SQLite's INTEGER is 64-bit too
BIGINT_MAX: Final = 2**63 - 1

MOBILE: Final = re.compile(r"1[3-9][0-9]{9}")
LANDLINE: Final = re.compile(r"0[0-9]{2,3}-?[0-9]{7,8}")
CUSTOMER_CODE: Final = re.compile(r"C[0-9]{8}")
AGENT_CODE: Final = re.compile(r"A[0-9]{4,6}")
USERNAME: Final = re.compile(r"[a-z0-9][a-z0-9._-]{1,59}")  # users.username is VARCHAR(60)
EMAIL: Final = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
EMAIL_MAX: Final = 120  # users.email is VARCHAR(120)
_TOKEN: Final = re.compile(rf"[!-~]{{1,{TOKEN_MAX}}}")  # printable ASCII, no space
_WHOLE_TEXT: Final = re.compile(r"-?[0-9]+")
_DECIMAL_TEXT: Final = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_SURROGATE: Final = re.compile("[\ud800-\udfff]")
_FLOAT_NOISE: Final = Decimal("1e-9")  # 0.1 + 0.05 arrives as 0.15000000000000002; that is 0.15

# Controls that separate lines; every other C0/C1 control except NUL, tab and newline is dropped.
_LINE_BREAKS: Final = "\x0b\x0c\x85\u2028\u2029"
_DROPPED: Final = {c for c in range(0x20) if chr(c) not in "\x00\t\n\r" + _LINE_BREAKS} | {
    c for c in range(0x7F, 0xA0) if chr(c) not in _LINE_BREAKS
}
_MULTILINE: Final[dict[int, str | None]] = {
    **dict.fromkeys(_DROPPED),
    0xFEFF: None,
    **{ord(c): "\n" for c in _LINE_BREAKS},
}
_SINGLE_LINE: Final[dict[int, str | None]] = {**_MULTILINE, **{ord(c): " " for c in "\t\n" + _LINE_BREAKS}}
# Characters that show nothing although they are not whitespace (trimmed at the ends of text).
_BLANK_LOOKING: Final = frozenset("\u115f\u1160\u3164\uffa0\u2800")


class Checked(NamedTuple, Generic[T]):
    """A field's cleaned value and its problem (None when the value is fine)."""

    value: T
    problem: Problem | None = None


def _named(key: str, keys: Mapping[str, str] | None, **args: Any) -> Problem:
    return ((keys or {}).get(key, key), args)


# --------------------------------------------------------------------------- text


def _invisible(ch: str) -> bool:
    """Zero-width and format characters (not the tag characters that end flag emoji)."""
    if ch.isspace() or ch in _BLANK_LOOKING:
        return True
    return unicodedata.category(ch) == "Cf" and not 0xE0000 <= ord(ch) <= 0xE007F


def _trim(text: str) -> str:
    start, end = 0, len(text)
    while start < end and _invisible(text[start]):
        start += 1
    while end > start and _invisible(text[end - 1]):
        end -= 1
    return text[start:end]


def normalise_text(value: object, *, multiline: bool = False) -> str:
    """The text as the policy stores it: NFC, controls removed or turned into line breaks, trimmed.

    NUL is kept, so ``text_problem`` can refuse it; the function is idempotent.
    """
    if value is None or value == "":
        return ""
    text = value if isinstance(value, str) else str(value)
    if text.isascii() and text.isprintable():  # nothing to translate or compose: only spaces to trim
        return text.strip(" ")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_MULTILINE if multiline else _SINGLE_LINE)
    if not _SURROGATE.search(text):  # NFC cannot encode a lone surrogate; text_problem refuses it
        text = unicodedata.normalize("NFC", text)
    return _trim(text)


def text_problem(
    text: str, *, field: str, max_chars: int, required: bool = True, keys: Mapping[str, str] | None = None
) -> Problem | None:
    """The problem of an already normalised text, or None."""
    if "\x00" in text:
        return _named(NUL, keys, field=field)
    if _SURROGATE.search(text):
        return _named(UNREADABLE, keys, field=field)
    if not text:
        return _named(REQUIRED, keys, field=field) if required else None
    if len(text) > max_chars:
        return _named(TOO_LONG, keys, field=field, max=max_chars, count=len(text))
    return None


def clean_text(
    value: object,
    *,
    field: str,
    max_chars: int,
    required: bool = True,
    multiline: bool = False,
    keys: Mapping[str, str] | None = None,
) -> Checked[str]:
    """Normalise ``value`` and check it against the field's rules."""
    raw = "" if value is None else value if isinstance(value, str) else str(value)
    if len(raw) > 10 * max_chars + 1000:  # far too long whatever cleaning removes: do not clean it
        return Checked(raw, _named(TOO_LONG, keys, field=field, max=max_chars, count=len(raw)))
    text = normalise_text(raw, multiline=multiline)
    return Checked(text, text_problem(text, field=field, max_chars=max_chars, required=required, keys=keys))


def tidy_text(value: object, *, max_chars: int, multiline: bool = True) -> str:
    """Text the app derives from stored text (not typed now): normalised, NUL removed, cut to fit."""
    text = _SURROGATE.sub("", normalise_text(value, multiline=multiline).replace("\x00", ""))
    return text if len(text) <= max_chars else text[: max_chars - 1].rstrip() + "…"


# --------------------------------------------------------------------------- codes and phones


def has_non_ascii_digits(text: str) -> bool:
    """True when ``text`` holds a digit or numeral other than 0–9 (１, ١, ², 三 …)."""
    return any(ch.isnumeric() and not "0" <= ch <= "9" for ch in text)


def ascii_digits(text: str, *, field: str, keys: Mapping[str, str] | None = None) -> Problem | None:
    """Codes, phone numbers and typed whole numbers take ASCII digits only."""
    return _named(ASCII_DIGITS, keys, field=field) if has_non_ascii_digits(text) else None


def normalise_code(value: object) -> str:
    """Codes are typed in any case and with stray spaces: ``" a0123 "`` → ``"A0123"``."""
    return re.sub(r"\s+", "", normalise_text(value)).upper()


def normalise_phone(value: object) -> str:
    """Digits and a landline dash only: ``"138 1234 5678"`` → ``"13812345678"``."""
    return re.sub(r"[\s()（）]+", "", normalise_text(value))


def code(
    value: object,
    *,
    field: str,
    pattern: re.Pattern[str],
    format_key: str,
    required: bool = False,
    keys: Mapping[str, str] | None = None,
) -> Checked[str]:
    """A code such as C00000123 or A0123: upper case, no spaces, ASCII digits, the whole pattern."""
    too_long = {TOO_LONG: format_key, **(keys or {})}  # the shape says more than a length
    checked = clean_text(value, field=field, max_chars=CODE_MAX, required=required, keys=too_long)
    text = normalise_code(checked.value)
    if checked.problem is not None or not text:
        return Checked(text, checked.problem)
    problem = ascii_digits(text, field=field, keys=keys)
    if problem is None and not pattern.fullmatch(text):
        problem = (format_key, {})
    return Checked(text, problem)


def phone_number(
    value: object, *, field: str, format_key: str, required: bool = True, keys: Mapping[str, str] | None = None
) -> Checked[str]:
    """An 11-digit mobile (1[3-9]…) or a landline with its area code (0xx-xxxxxxxx), ASCII digits."""
    too_long = {TOO_LONG: format_key, **(keys or {})}  # the shape says more than a length
    checked = clean_text(value, field=field, max_chars=CODE_MAX, required=required, keys=too_long)
    text = normalise_phone(checked.value)
    if checked.problem is not None or not text:
        return Checked(text, checked.problem)
    problem = ascii_digits(text, field=field, keys=keys)
    if problem is None and not (MOBILE.fullmatch(text) or LANDLINE.fullmatch(text)):
        problem = (format_key, {})
    return Checked(text, problem)


def email_address(value: object, *, field: str, format_key: str, required: bool = True) -> Checked[str]:
    """A sign-in e-mail address: no spaces, lower case (sign-in compares without case), name@domain.tld."""
    checked = clean_text(value, field=field, max_chars=EMAIL_MAX, required=required)
    text = re.sub(r"\s+", "", checked.value).lower()
    if checked.problem is not None or not text:
        return Checked(text, checked.problem)
    return Checked(text, None if EMAIL.fullmatch(text) else (format_key, {}))


def form_token(value: object) -> Problem | None:
    """A form's idempotency token: 1–64 printable ASCII characters."""
    return None if isinstance(value, str) and _TOKEN.fullmatch(value) else (FORM_EXPIRED, {})


def record_id(value: object, maximum: int = ID_MAX) -> int | None:
    """``value`` as a row id (a whole number 1…BIGINT max), or None when it cannot be one."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        return None
    number = int(value)
    return number if 1 <= number <= maximum else None


def one_of(value: object, options: Collection[object], *, field: str) -> Problem | None:
    """A choice from a fixed list (a select box's codes)."""
    try:
        chosen = value is not None and not isinstance(value, bool) and value in options
    except TypeError:  # an unhashable value asked of a set
        chosen = False
    return None if chosen else (CHOOSE, {"field": field})


# --------------------------------------------------------------------------- numbers


def shown(number: int | float | Decimal, *, grouped: bool = True) -> str:
    """A limit as the messages say it: 10,000,000 · 0.01 · 720 (years without a separator)."""
    value = Decimal(str(number)) if isinstance(number, float) else Decimal(number)
    if value == value.to_integral_value():
        return f"{int(value):,}" if grouped else str(int(value))
    return f"{value.normalize():,f}" if grouped else f"{value.normalize():f}"


def _decimal(value: object) -> Decimal | None:
    """A finite number as a Decimal (a float by its shortest repr), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, numbers.Integral):
        return Decimal(int(value))
    if isinstance(value, numbers.Real):
        number = float(value)
        return Decimal(repr(number)) if math.isfinite(number) else None
    if isinstance(value, str):
        text = normalise_text(value)
        return Decimal(text) if len(text) <= 40 and _DECIMAL_TEXT.fullmatch(text) else None
    return None


def number_in(
    value: object,
    *,
    field: str,
    minimum: int | float | Decimal,
    maximum: int | float | Decimal,
    decimals: int | None,
    above_minimum: bool = False,
    required: bool = True,
    keys: Mapping[str, str] | None = None,
) -> Checked[Decimal | None]:
    """A finite number in [minimum, maximum] (``above_minimum``: greater than ``minimum``) with at
    most ``decimals`` decimals; the value comes back as an exact Decimal rounded to them."""
    if value is None or (isinstance(value, str) and not normalise_text(value)):
        return Checked(None, _named(REQUIRED, keys, field=field) if required else None)
    number = _decimal(value)
    if number is None:
        if isinstance(value, str) and has_non_ascii_digits(value):
            return Checked(None, _named(ASCII_DIGITS, keys, field=field))
        return Checked(None, _named(NOT_A_NUMBER, keys, field=field))
    low, high = Decimal(str(minimum)), Decimal(str(maximum))
    if above_minimum and number <= low:
        return Checked(None, _named(NOT_ABOVE, keys, field=field, min=shown(minimum)))
    if not above_minimum and number < low:
        return Checked(None, _named(BELOW, keys, field=field, min=shown(minimum), max=shown(maximum)))
    if number > high:
        return Checked(None, _named(ABOVE, keys, field=field, max=shown(maximum), min=shown(minimum)))
    if decimals is None:
        return Checked(number)
    rounded = number.quantize(Decimal(1).scaleb(-decimals))
    if abs(number - rounded) > _FLOAT_NOISE:
        return Checked(None, _named(DECIMALS, keys, field=field, decimals=decimals))
    return Checked(rounded)


def whole_number(
    value: object,
    *,
    field: str,
    minimum: int,
    maximum: int,
    required: bool = True,
    grouped: bool = True,
    keys: Mapping[str, str] | None = None,
) -> Checked[int | None]:
    """A whole number in [minimum, maximum], given as a number or typed as ASCII digits."""
    limits = {"field": field, "min": shown(minimum, grouped=grouped), "max": shown(maximum, grouped=grouped)}
    if isinstance(value, str):
        value = normalise_text(value)
        if not value:
            return Checked(None, _named(REQUIRED, keys, field=field) if required else None)
        if has_non_ascii_digits(value):
            return Checked(None, _named(ASCII_DIGITS, keys, field=field))
        digits = value.lstrip("-").lstrip("0")
        if not _WHOLE_TEXT.fullmatch(value) or len(digits) > len(str(max(abs(minimum), abs(maximum)))):
            return Checked(None, _named(WHOLE, keys, **limits))  # also what int() would spend long on
        value = int(value)
    if value is None:
        return Checked(None, _named(REQUIRED, keys, field=field) if required else None)
    if isinstance(value, bool):
        return Checked(None, _named(WHOLE, keys, **limits))
    if isinstance(value, numbers.Integral):
        number = int(value)
    elif isinstance(value, numbers.Real | Decimal):
        real = Decimal(value) if isinstance(value, Decimal) else Decimal(repr(float(value)))
        if not real.is_finite():
            return Checked(None, _named(NOT_A_NUMBER, keys, field=field))
        if real != real.to_integral_value():
            return Checked(None, _named(WHOLE, keys, **limits))
        number = int(real)
    else:
        return Checked(None, _named(WHOLE, keys, **limits))
    if not minimum <= number <= maximum:
        return Checked(None, _named(WHOLE, keys, **limits))
    return Checked(number)


# --------------------------------------------------------------------------- dates


def shift_years(day: date, years: int) -> date:
    """The same day ``years`` later (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def date_in(
    value: object,
    *,
    field: str,
    earliest: date,
    latest: date,
    required: bool = True,
    keys: Mapping[str, str] | None = None,
) -> Checked[date | None]:
    """A date in [earliest, latest] (a datetime counts as its day; ISO text is read)."""
    if isinstance(value, str):
        text = normalise_text(value)
        if not text:
            value = None
        elif has_non_ascii_digits(text):
            return Checked(None, _named(ASCII_DIGITS, keys, field=field))
        else:
            try:
                value = date.fromisoformat(text)
            except ValueError:
                return Checked(None, _named(NOT_A_DATE, keys, field=field))
    if value is None:
        return Checked(None, _named(CHOOSE, keys, field=field) if required else None)
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        return Checked(None, _named(NOT_A_DATE, keys, field=field))
    if not earliest <= value <= latest:
        return Checked(
            None, _named(DATE_WINDOW, keys, field=field, earliest=earliest.isoformat(), latest=latest.isoformat())
        )
    return Checked(value)


# --------------------------------------------------------------------------- one submit


class Inputs:
    """The problems of one submit, collected field by field in the form's order."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def take(self, checked: Checked[T]) -> T:
        """The checked value; its problem, if any, is kept."""
        if checked.problem is not None:
            self.problems.append(checked.problem)
        return checked.value

    def add(self, key: str, **args: Any) -> None:
        self.problems.append((key, args))

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    def check(self, problem: Problem | None) -> bool:
        """Keep ``problem``; True when there was none."""
        if problem is None:
            return True
        self.problems.append(problem)
        return False

    def text(self, value: object, **rules: Any) -> str:
        return self.take(clean_text(value, **rules))

    def whole(self, value: object, **rules: Any) -> int | None:
        return self.take(whole_number(value, **rules))

    def number(self, value: object, **rules: Any) -> Decimal | None:
        return self.take(number_in(value, **rules))

    def date(self, value: object, **rules: Any) -> date | None:
        return self.take(date_in(value, **rules))

    def token(self, value: object) -> None:
        self.check(form_token(value))

    def raise_if_any(self) -> None:
        if self.problems:
            raise InputError(self.problems)


__all__ = [
    "ABOVE",
    "AGENT_CODE",
    "ASCII_DIGITS",
    "BELOW",
    "CHOOSE",
    "CUSTOMER_CODE",
    "DATE_WINDOW",
    "DECIMALS",
    "EMAIL",
    "EMAIL_MAX",
    "FORM_EXPIRED",
    "LANDLINE",
    "MOBILE",
    "NOT_ABOVE",
    "NOT_A_DATE",
    "NOT_A_NUMBER",
    "NUL",
    "REQUIRED",
    "TOO_LONG",
    "UNREADABLE",
    "USERNAME",
    "WHOLE",
    "Checked",
    "Inputs",
    "Problem",
    "ascii_digits",
    "clean_text",
    "code",
    "date_in",
    "email_address",
    "form_token",
    "has_non_ascii_digits",
    "normalise_code",
    "normalise_phone",
    "normalise_text",
    "number_in",
    "one_of",
    "phone_number",
    "record_id",
    "shift_years",
    "shown",
    "text_problem",
    "tidy_text",
    "whole_number",
]
