"""MISSING_TRANSITIVE_AUTH_REQUIREMENTS: a field whose @requires reads data protected by
@authenticated, @requiresScopes or @policy must carry at least those requirements itself."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import GraphQLError, parse_value, value_from_ast_untyped

from gateway.composition.fieldset import FieldSetError, Sel, parse_field_set
from gateway.composition.merge.state import MergeState
from gateway.composition.merge.strategies import dnf_conjunction
from gateway.composition.output.model import SDirective
from gateway.composition.subgraph.model import fed_of
from gateway.composition.typeref import base_name

__all__ = ["CODE", "check"]

CODE = "MISSING_TRANSITIVE_AUTH_REQUIREMENTS"


@dataclass(frozen=True, slots=True, kw_only=True)
class _Auth:
    authenticated: bool = False
    scopes: tuple[tuple[str, ...], ...] | None = None
    policies: tuple[tuple[str, ...], ...] | None = None


def _args(d: SDirective) -> dict[str, Any]:
    if not d.args:
        return {}
    try:
        value = value_from_ast_untyped(parse_value("{" + d.args[1:-1] + "}"))
    except GraphQLError:
        return {}
    return value if isinstance(value, dict) else {}


def _auth_of(directives: list[SDirective]) -> _Auth | None:
    auth = _Auth(authenticated=any(d.name == "authenticated" for d in directives))
    for d in directives:
        if d.name == "requiresScopes":
            scopes = tuple(tuple(x) for x in _args(d).get("scopes") or [])
            auth = _Auth(authenticated=auth.authenticated, scopes=scopes, policies=auth.policies)
        if d.name == "policy":
            policies = tuple(tuple(x) for x in _args(d).get("policies") or [])
            auth = _Auth(authenticated=auth.authenticated, scopes=auth.scopes, policies=policies)
    if auth.authenticated or auth.scopes is not None or auth.policies is not None:
        return auth
    return None


def _implies(first: Any, second: Any) -> bool:
    a = [list(x) for x in (first or [[]])] or [[]]
    b = [list(x) for x in (second or [[]])] or [[]]
    return all(any(set(y) <= set(x) for y in b) for x in a)


def _satisfies(have: _Auth, need: _Auth | None) -> bool:
    if need is None:
        return True
    return (
        (have.authenticated or not need.authenticated)
        and _implies(have.scopes, need.scopes)
        and _implies(have.policies, need.policies)
    )


def _combine(a: _Auth | None, b: _Auth | None) -> _Auth:
    def merge(x: Any, y: Any) -> Any:
        parts = [list(map(list, v)) for v in (x, y) if v is not None]
        return tuple(tuple(g) for g in dnf_conjunction(parts)) if parts else None

    return _Auth(
        authenticated=bool(a and a.authenticated) or bool(b and b.authenticated),
        scopes=merge(a.scopes if a else None, b.scopes if b else None),
        policies=merge(a.policies if a else None, b.policies if b else None),
    )


def check(state: MergeState) -> None:
    types = state.schema.types
    for idx, sg in enumerate(state.sgs):
        for t in sg.types.values():
            for f in t.fields:
                for d in fed_of(f.directives, "requires"):
                    parent = types.get(t.name)
                    field = parent.fields.get(f.name) if parent else None
                    if parent is None or field is None:
                        continue
                    have = _combine(_auth_of(parent.directives), _auth_of(field.directives))
                    try:
                        selections = parse_field_set(str(d.value("fields") or ""))
                    except FieldSetError:
                        continue
                    problem = _verify(state, have, t.name, selections)
                    if problem is not None:
                        state.error(
                            CODE,
                            f'[{state.names[idx]}] Field "{t.name}.{f.name}" does not specify '
                            "necessary @authenticated, @requiresScopes and/or @policy auth "
                            f"requirements to access the transitive {problem} data from @requires "
                            "selection set.",
                            [d.loc],
                            subgraph=state.names[idx],
                        )


def _verify(
    state: MergeState, have: _Auth, type_name: str, selections: tuple[Sel, ...]
) -> str | None:
    types = state.schema.types
    for selection in selections:
        if selection.name is None:
            cond = types.get(selection.type_condition or type_name)
            if (
                selection.type_condition
                and cond
                and not _satisfies(have, _auth_of(cond.directives))
            ):
                return f'inline fragment type condition "{selection.type_condition}"'
            problem = _verify(
                state, have, selection.type_condition or type_name, selection.children
            )
            if problem:
                return problem
            continue
        parent = types.get(type_name)
        field = parent.fields.get(selection.name) if parent else None
        if field is None:
            continue
        target = types.get(base_name(field.type))
        if not _satisfies(have, _auth_of(field.directives)) or (
            target is not None and not _satisfies(have, _auth_of(target.directives))
        ):
            return f'field "{type_name}.{selection.name}"'
        if selection.children:
            problem = _verify(state, have, base_name(field.type), selection.children)
            if problem:
                return problem
    return None
