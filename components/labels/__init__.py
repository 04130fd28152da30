"""The label catalogue, one module per area, merged into one dict; a key defined twice is an error."""

from __future__ import annotations

import importlib
import pkgutil

LABELS: dict[str, tuple[str, str]] = {}
for _module in pkgutil.iter_modules(__path__):
    for _key, _pair in importlib.import_module(f"{__name__}.{_module.name}").LABELS.items():
        if _key in LABELS:
            raise RuntimeError(f"label {_key!r} is defined twice")
        LABELS[_key] = _pair
