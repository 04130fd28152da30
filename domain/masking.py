"""PII masking: names, phone numbers and ID numbers are masked by default for every role.

Each masked character becomes a star, up to a bound well above real names, phones and ID
numbers, so a long stored value (an import, a bad row) cannot flood a page.
"""

from __future__ import annotations

NAME_STARS = 8  # 张三丰 → 张**, 欧阳修文 → 欧***
PHONE_STARS = 8  # 13812345678 → 138****5678
ID_STARS = 13  # an 18-character ID number keeps its first 3 and last 2


def _stars(n: int, most: int) -> str:
    return "*" * min(n, most)


def mask_name(name: str | None) -> str:
    """张三丰 → 张**; a single character stays as it is."""
    if not name:
        return ""
    return name[0] + _stars(len(name) - 1, NAME_STARS)


def mask_phone(phone: str | None) -> str:
    """13812345678 → 138****5678; anything shorter than 7 characters is fully masked."""
    if not phone:
        return ""
    if len(phone) < 7:
        return _stars(len(phone), PHONE_STARS)
    return phone[:3] + _stars(len(phone) - 7, PHONE_STARS) + phone[-4:]


def mask_id_number(id_number: str | None) -> str:
    """Keep the first 3 and last 2 characters of an ID number."""
    if not id_number:
        return ""
    if len(id_number) <= 5:
        return _stars(len(id_number), ID_STARS)
    return id_number[:3] + _stars(len(id_number) - 5, ID_STARS) + id_number[-2:]


# Who may reveal one record's customer after giving a reason (an audited read, db/services/access.py).
UNMASK_ROLES = frozenset({"prevention", "admin"})
UNMASK_REASON_MIN = 4  # "核对身份" — a reason says why, a single character does not
UNMASK_REASON_MAX = 200
# The customer fields an unmask reveals, per kind of record.
UNMASK_FIELDS: dict[str, tuple[str, ...]] = {
    "complaint": ("customer_name", "customer_phone", "customer_id_number"),
    "warning": ("customer_name", "contact"),
}


def can_unmask(role: str) -> bool:
    return role in UNMASK_ROLES
