"""PII masking: names, phone numbers and ID numbers are masked by default for every role."""

from __future__ import annotations


def mask_name(name: str | None) -> str:
    """张三丰 → 张**; a single character stays as it is."""
    if not name:
        return ""
    return name[0] + "*" * (len(name) - 1)


def mask_phone(phone: str | None) -> str:
    """13812345678 → 138****5678; anything shorter than 7 characters is fully masked."""
    if not phone:
        return ""
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_id_number(id_number: str | None) -> str:
    """Keep the first 3 and last 2 characters of an ID number."""
    if not id_number:
        return ""
    if len(id_number) <= 5:
        return "*" * len(id_number)
    return id_number[:3] + "*" * (len(id_number) - 5) + id_number[-2:]
