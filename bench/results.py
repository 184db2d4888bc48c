"""Result rows, their statistics and the printed / Markdown table.

A row is one measure with its samples, a target and (when the target is a
ratio against another program measured in the same run) the reference
figure. ``status`` is "pass", "FAIL", or "n/a" when the reference program
or the feature is absent.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field


def median(samples: Sequence[float]) -> float:
    return float(statistics.median(samples)) if samples else float("nan")


def percentile(samples: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (``fraction`` in 0..1)."""
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))]


def fmt(value: float) -> str:
    """A figure with sensible digits: 1234, 56.7, 0.81."""
    if value != value:
        return "nan"
    if abs(value) >= 100:
        return f"{value:.0f}"
    return f"{value:.1f}" if abs(value) >= 10 else f"{value:.2f}"


def spread(samples: Sequence[float]) -> str:
    """min–max of the samples, for the table."""
    if len(samples) < 2:
        return ""
    return f"{fmt(min(samples))}–{fmt(max(samples))}"


@dataclass
class Row:
    """One line of the results table."""

    measure: str
    figure: str
    target: str
    ratio: str = ""
    status: str = "n/a"
    note: str = ""

    @classmethod
    def timed(
        cls,
        measure: str,
        samples: Sequence[float],
        *,
        unit: str,
        limit: float | None = None,
        reference: float | None = None,
        max_ratio: float | None = None,
        reference_name: str = "newsboat",
        note: str = "",
    ) -> Row:
        """A row from samples: pass when the median is within ``limit`` and ``max_ratio`` × ``reference``."""
        mid = median(samples)
        figure = f"{fmt(mid)} {unit}"
        if len(samples) > 1:
            figure += f" ({spread(samples)}, n={len(samples)})"
        targets, ok = [], True
        if limit is not None:
            targets.append(f"≤ {limit:g} {unit}")
            ok = ok and mid <= limit
        ratio = ""
        if max_ratio is not None:
            targets.append(f"≤ {max_ratio:g} × {reference_name}")
            if reference is None or reference != reference:  # absent or NaN
                return cls(
                    measure,
                    figure,
                    " and ".join(targets),
                    "",
                    "n/a",
                    note or f"{reference_name} not measured",
                )
            ratio = f"{mid / reference:.3f}"
            ok = ok and mid / reference <= max_ratio
        status = ("pass" if ok else "FAIL") if targets else ""
        return cls(measure, figure, " and ".join(targets) or "(reference)", ratio, status, note)


@dataclass
class Results:
    """Every row of a run plus the notes printed under the table."""

    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, row: Row) -> None:
        self.rows.append(row)
        print(f"  -> {row.measure}: {row.figure}  [{row.status}]", flush=True)

    def note(self, text: str) -> None:
        self.notes.append(text)
        print(f"  .. {text}", flush=True)

    def table(self) -> str:
        """The rows as a Markdown table (also readable as plain text)."""
        header = ("measure", "figure (median (min–max, n))", "target", "ratio", "result")
        lines = [header] + [(r.measure, r.figure, r.target, r.ratio, r.status) for r in self.rows]
        widths = [max(len(line[i]) for line in lines) for i in range(len(header))]

        def cells(line: Sequence[str]) -> str:
            return "| " + " | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) + " |"

        out = [cells(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
        out += [cells(line) for line in lines[1:]]
        return "\n".join(out)

    def footnotes(self) -> str:
        marked = [f"- {r.measure}: {r.note}" for r in self.rows if r.note]
        return "\n".join(marked + [f"- {n}" for n in self.notes])
