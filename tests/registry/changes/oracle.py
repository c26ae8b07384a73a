"""The recorded answers of graphql-inspector (the oracle) and how they read in our terms.

`corpus/*.json` holds schema pairs with `@graphql-inspector/core`'s `diff` output for each,
recorded by running inspector under Node (see corpus/README.md); tests only read them.
`adjudications.json` lists the few answers we deliberately differ from, each with its reason.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"
ORACLE = "@graphql-inspector/core 8.0.0"

Answer = tuple[str, str, str]
"""(change type, criticality in our terms, coordinate)."""

_CRITICALITY = {"BREAKING": "BREAKING", "DANGEROUS": "DANGEROUS", "NON_BREAKING": "SAFE"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Case:
    file: str
    name: str
    old: str
    new: str
    inspector: tuple[dict[str, Any], ...]

    @property
    def id(self) -> str:
        return f"{self.file}: {self.name}"


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(CORPUS.glob("*.json")):
        corpus = json.loads(path.read_text())
        assert corpus["oracle"].startswith(ORACLE), path
        cases += [
            Case(
                file=path.stem,
                name=case["name"],
                old=case["old"],
                new=case["new"],
                inspector=tuple(case["inspector"]),
            )
            for case in corpus["cases"]
        ]
    return cases


def load_adjudications() -> list[dict[str, Any]]:
    adjudications: list[dict[str, Any]] = json.loads((HERE / "adjudications.json").read_text())
    return adjudications


def coordinate_of(entry: dict[str, Any]) -> str:
    """Inspector's dotted `path` (`Type.field.arg.@directive.argument`) as our coordinate.

    Changes about a directive applied to an element sit at the element; root type changes
    (inspector gives no path) at the root type its message names first, the old one; the
    schema's own directives (path `.@name`) at `schema`.
    """
    path: str | None = entry["path"]
    message: str = entry["message"]
    if path is None:
        return str(re.findall(r"'([^']*)'", message)[0])
    if path.startswith("."):
        return "schema"
    parts = path.split(".")
    if path.startswith("@"):
        if len(parts) == 2:
            return f"{parts[0]}({parts[1]}:)"
        if entry["type"] == "DIRECTIVE_ARGUMENT_ADDED":
            # Inspector's path stops at the directive; the argument is in the message.
            argument = re.match(r"Argument '([^']+)'", message)
            assert argument, message
            return f"{parts[0]}({argument[1]}:)"
        return parts[0]
    element: list[str] = []
    for part in parts:
        if part.startswith("@"):
            break
        element.append(part)
    if len(element) == 3:
        return f"{element[0]}.{element[1]}({element[2]}:)"
    return ".".join(element)


def answer_of(entry: dict[str, Any]) -> Answer:
    return entry["type"], _CRITICALITY[entry["criticality"]], coordinate_of(entry)


def expected_answers(case: Case, adjudications: list[dict[str, Any]]) -> Counter[Answer]:
    """Inspector's answers for the case, with the adjudicated differences applied."""
    expected = Counter(answer_of(entry) for entry in case.inspector)
    for adjudication in adjudications:
        if (adjudication["file"], adjudication["case"]) != (case.file, case.name):
            continue
        for difference in adjudication["differences"]:
            if difference["inspector"] is not None:
                assert difference["inspector"] in case.inspector, difference
                expected -= Counter([answer_of(difference["inspector"])])
            if difference["ours"] is not None:
                ours = difference["ours"]
                expected += Counter([(ours["type"], ours["criticality"], ours["coordinate"])])
    return expected
