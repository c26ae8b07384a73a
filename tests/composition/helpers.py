"""Helpers for composition tests: Federation 2 headers and one-call composition."""

from __future__ import annotations

from gateway.composition import (
    CompositionError,
    CompositionFailure,
    CompositionSuccess,
    SubgraphInput,
    compose,
)

# Federation directive -> the minor version of Federation 2 that introduced it.
SINCE = {
    "@key": 0,
    "@requires": 0,
    "@provides": 0,
    "@external": 0,
    "@tag": 0,
    "@extends": 0,
    "@shareable": 0,
    "@inaccessible": 0,
    "@override": 0,
    "@composeDirective": 1,
    "@interfaceObject": 3,
    "@authenticated": 5,
    "@requiresScopes": 5,
    "@policy": 6,
    "@cost": 9,
    "@listSize": 9,
}


def fed2(sdl: str, version: str = "2.3", imports: tuple[str, ...] | None = None) -> str:
    """Prefixes `sdl` with a federation `@link` importing `imports` (all directives by default)."""
    minor = int(version.split(".")[1])
    names = imports if imports is not None else tuple(n for n, v in SINCE.items() if v <= minor)
    listed = ", ".join(f'"{n}"' for n in names)
    return (
        f'extend schema @link(url: "https://specs.apollo.dev/federation/v{version}", '
        f"import: [{listed}])\n{sdl}"
    )


def subgraphs(**sdls: str) -> list[SubgraphInput]:
    return [
        SubgraphInput(name=n, url=f"http://{n}.example/graphql", sdl=s) for n, s in sdls.items()
    ]


def compose_ok(**sdls: str) -> CompositionSuccess:
    result = compose(subgraphs(**sdls))
    assert isinstance(result, CompositionSuccess), [(e.code, e.message) for e in result.errors]
    return result


def compose_errors(**sdls: str) -> tuple[CompositionError, ...]:
    result = compose(subgraphs(**sdls))
    assert isinstance(result, CompositionFailure), "expected composition to fail"
    return result.errors


def codes(errors: tuple[CompositionError, ...]) -> set[str]:
    return {e.code for e in errors}


# (subgraph, line, column) of one location; lines count the `@link` line `fed2()` prefixes.
At = tuple[str | None, int, int]


def located(errors: tuple[CompositionError, ...]) -> set[tuple[str, str | None, tuple[At, ...]]]:
    """Each error as (code, subgraph it names, its locations in order)."""
    return {
        (e.code, e.subgraph, tuple((loc.subgraph, loc.line, loc.column) for loc in e.locations))
        for e in errors
    }
