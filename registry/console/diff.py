"""A side-by-side line diff of two SDLs as an HTML table, unchanged runs folded."""

from __future__ import annotations

import difflib

from registry.console.layout import e

__all__ = ["side_by_side"]

_CONTEXT = 3


def _row(left: tuple[int, str] | None, right: tuple[int, str] | None, kind: str) -> str:
    def cells(side: tuple[int, str] | None, cls: str) -> str:
        if side is None:
            return '<td class="n"></td><td></td>'
        return f'<td class="n">{side[0]}</td><td class="{cls}">{e(side[1])}</td>'

    left_cls = "del" if kind in ("delete", "replace") else ""
    right_cls = "ins" if kind in ("insert", "replace") else ""
    return f"<tr>{cells(left, left_cls)}{cells(right, right_cls)}</tr>"


def side_by_side(before: str, after: str, *, before_label: str, after_label: str) -> str:
    old, new = before.splitlines(), after.splitlines()
    rows: list[str] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for group in matcher.get_grouped_opcodes(_CONTEXT):
        first = group[0]
        rows.append(
            f'<tr class="gap"><td colspan="4">@@ lines {first[1] + 1} → {first[3] + 1} @@</td></tr>'
        )
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows += [
                    _row((i + 1, old[i]), (j + 1, new[j]), tag)
                    for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
                ]
                continue
            left = list(range(i1, i2))
            right = list(range(j1, j2))
            for k in range(max(len(left), len(right))):
                rows.append(
                    _row(
                        (left[k] + 1, old[left[k]]) if k < len(left) else None,
                        (right[k] + 1, new[right[k]]) if k < len(right) else None,
                        tag,
                    )
                )
    if not rows:
        return "<p>No textual change.</p>"
    return (
        '<table class="diff"><caption>Removed lines on the left, added lines on the right'
        '</caption><colgroup><col class="n"><col><col class="n"><col></colgroup>'
        f'<thead><tr><th colspan="2" scope="col">{e(before_label)}</th>'
        f'<th colspan="2" scope="col">{e(after_label)}</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
