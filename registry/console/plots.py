"""Server-rendered SVG line charts: a title and description for screen readers, and the same
numbers as a table beside each chart."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from registry.console.layout import e

__all__ = ["line_chart"]

_WIDTH, _HEIGHT = 720, 220
_LEFT, _RIGHT, _TOP, _BOTTOM = 48, 12, 12, 28
_SERIES = 6


def line_chart(
    ident: str,
    title: str,
    description: str,
    hours: Sequence[datetime],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    unit: str = "",
) -> str:
    """A figure with one line per series over `hours` (at most six series are drawn)."""
    if not hours or not series:
        return f"<p>{e(title)}: no data in the window.</p>"
    series = list(series)[:_SERIES]
    top = max((max(values) for _, values in series), default=0.0) or 1.0
    inner_w, inner_h = _WIDTH - _LEFT - _RIGHT, _HEIGHT - _TOP - _BOTTOM
    step = inner_w / max(1, len(hours) - 1)

    def x(i: int) -> float:
        return _LEFT + i * step

    def y(v: float) -> float:
        return _TOP + inner_h - inner_h * v / top

    parts = [
        f'<svg class="plot" viewBox="0 0 {_WIDTH} {_HEIGHT}" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-t">{e(title)}</title><desc id="{ident}-d">{e(description)}</desc>'
    ]
    for fraction in (0.0, 0.5, 1.0):
        level = _TOP + inner_h - inner_h * fraction
        parts.append(
            f'<line class="grid" x1="{_LEFT}" x2="{_WIDTH - _RIGHT}" y1="{level:.1f}" '
            f'y2="{level:.1f}"/><text x="{_LEFT - 4}" y="{level + 4:.1f}" text-anchor="end">'
            f"{e(_number(top * fraction))}{e(unit)}</text>"
        )
    parts.append(
        f'<line class="axis" x1="{_LEFT}" x2="{_WIDTH - _RIGHT}" y1="{_TOP + inner_h}" '
        f'y2="{_TOP + inner_h}"/>'
    )
    last = len(hours) - 1
    for index in sorted({0, len(hours) // 2, last}):
        anchor = "start" if index == 0 else "end" if index == last else "middle"
        parts.append(
            f'<text x="{x(index):.1f}" y="{_HEIGHT - 8}" text-anchor="{anchor}">'
            f"{e(hours[index].strftime('%d %b %H:00'))}</text>"
        )
    for number, (_, values) in enumerate(series):
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        parts.append(f'<polyline class="line s{number}" points="{points}"/>')
    parts.append("</svg>")
    legend = "".join(
        f'<li class="s{number}">{e(label)}</li>' for number, (label, _) in enumerate(series)
    )
    head = "".join(f'<th scope="col" class="num">{e(label)}</th>' for label, _ in series)
    rows = "".join(
        f'<tr><th scope="row">{e(hour.strftime("%Y-%m-%d %H:00"))}</th>'
        + "".join(f'<td class="num">{e(_number(values[i]))}</td>' for _, values in series)
        + "</tr>"
        for i, hour in enumerate(hours)
    )
    return (
        f'<figure id="{ident}">{"".join(parts)}<figcaption>{e(title)}'
        f'<ul class="legend">{legend}</ul></figcaption>'
        f"<details><summary>{e(title)} as a table</summary><table><thead><tr>"
        f'<th scope="col">Hour (UTC)</th>{head}</tr></thead><tbody>{rows}</tbody></table>'
        "</details></figure>"
    )


def _number(value: float) -> str:
    return f"{value:.0f}" if value == int(value) or value >= 10 else f"{value:.2f}"
