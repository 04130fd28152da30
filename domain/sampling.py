"""The supervisory committee's audit sample (seed 000 §4.4: 抽查100条反馈的处理质量).

Stratified by level × channel with proportional allocation (largest remainders), every L1
stratum represented by at least one case, reproducible from the stored random seed.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

DEFAULT_SIZE = 100
MAX_SIZE = 1000

Stratum = tuple[str, str]  # (level, channel)


def stratum_label(stratum: Stratum) -> str:
    return f"{stratum[0]}/{stratum[1]}"


def allocate(sizes: Mapping[Stratum, int], n: int) -> dict[Stratum, int]:
    """How many cases each stratum gives: one per L1 stratum first, the rest in proportion.

    Never more than a stratum holds; the total is ``min(n, population)``.
    """
    population = sum(sizes.values())
    n = min(n, population)
    alloc = dict.fromkeys(sizes, 0)
    l1 = sorted((s for s, size in sizes.items() if s[0] == "L1" and size > 0), key=lambda s: (-sizes[s], s))
    for s in l1[:n]:
        alloc[s] = 1
    remaining = n - sum(alloc.values())
    while remaining > 0:
        room = {s: sizes[s] - alloc[s] for s in sizes if sizes[s] - alloc[s] > 0}
        total_room = sum(room.values())
        quotas = {s: remaining * r / total_room for s, r in room.items()}
        floors = {s: int(q) for s, q in quotas.items()}
        for s, k in floors.items():
            alloc[s] += k
        given = sum(floors.values())
        # Largest remainders get the seats left over; ties broken by stratum for determinism.
        for s in sorted(room, key=lambda s: (-(quotas[s] - floors[s]), s))[: remaining - given]:
            if alloc[s] < sizes[s]:
                alloc[s] += 1
        remaining = n - sum(alloc.values())
    return alloc


def draw(population: Mapping[Stratum, Sequence[int]], n: int, seed: int) -> list[tuple[int, Stratum]]:
    """``n`` complaint ids from ``population`` (stratum → ids), the same for the same seed."""
    if n < 1:
        raise ValueError("sample size must be positive")
    rng = random.Random(seed)  # noqa: S311 - reproducible audit sampling, not a secret
    alloc = allocate({s: len(ids) for s, ids in population.items()}, n)
    chosen: list[tuple[int, Stratum]] = []
    for stratum in sorted(population):
        k = alloc[stratum]
        if k:
            chosen += [(cid, stratum) for cid in rng.sample(sorted(population[stratum]), k)]
    return chosen
