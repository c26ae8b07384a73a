"""The Apollo-style text form of a query plan, used in snapshot tests and debugging output."""

from __future__ import annotations

from typing import assert_never

from graphql import (
    FieldNode,
    InlineFragmentNode,
    NamedTypeNode,
    NameNode,
    OperationDefinitionNode,
    SelectionSetNode,
    parse,
    print_ast,
)

from gateway.plan.nodes import (
    AnyIndex,
    ConditionNode,
    DeferNode,
    FetchNode,
    FlattenNode,
    Key,
    ParallelNode,
    PathElement,
    PlanNode,
    QueryPlan,
    RequiresField,
    RequiresInlineFragment,
    RequiresSelection,
    SequenceNode,
    TypeCondition,
    subscription_parts,
)

__all__ = ["print_plan"]

_INDENT = "  "


def print_plan(plan: QueryPlan) -> str:
    """`QueryPlan { ... }` with one node per block, like Apollo's `prettyFormatQueryPlan`."""
    if plan.node is None:
        return "QueryPlan {\n}"
    depended = frozenset(_depended(plan.node))
    split = subscription_parts(plan.node)
    if split is not None:
        return "QueryPlan {\n" + _subscription_node(*split, depended) + "\n}"
    return "QueryPlan {\n" + _node(plan.node, 1, depended) + "\n}"


def _subscription_node(root: FetchNode, rest: PlanNode | None, depended: frozenset[int]) -> str:
    """Apollo's layout: `Subscription { Primary: { Fetch … }, Rest: { … } }`."""
    pad, inner = _INDENT, _INDENT * 2
    parts = [f"{pad}Subscription {{", f"{inner}Primary: {{", _fetch(root, 3, depended)]
    parts.append(f"{inner}}},")
    if rest is not None:
        parts += [f"{inner}Rest: {{", _node(rest, 3, depended), f"{inner}}}"]
    parts.append(f"{pad}}},")
    return "\n".join(parts)


def _depended(node: PlanNode | None) -> list[int]:
    """Fetch ids some deferred part waits for (printed `id: N`, as Apollo does)."""
    match node:
        case None | FetchNode():
            return []
        case FlattenNode():
            return _depended(node.node)
        case SequenceNode() | ParallelNode():
            return [i for child in node.nodes for i in _depended(child)]
        case ConditionNode():
            return _depended(node.if_clause) + _depended(node.else_clause)
        case DeferNode():
            found = _depended(node.primary)
            for deferred in node.deferred:
                found.extend(deferred.depends)
                found.extend(_depended(deferred.node))
            return found
        case _:
            assert_never(node)


def _indent(text: str, level: int) -> str:
    pad = _INDENT * level
    return "\n".join(pad + line if line else line for line in text.split("\n"))


def _node(node: PlanNode, level: int, depended: frozenset[int] = frozenset()) -> str:
    pad = _INDENT * level
    match node:
        case FetchNode():
            return _fetch(node, level, depended)
        case FlattenNode():
            path = _path(node.path)
            inner = _node(node.node, level + 1, depended)
            return f'{pad}Flatten(path: "{path}") {{\n{inner}\n{pad}}},'
        case SequenceNode():
            body = "\n".join(_node(n, level + 1, depended) for n in node.nodes)
            return f"{pad}Sequence {{\n{body}\n{pad}}},"
        case ParallelNode():
            body = "\n".join(_node(n, level + 1, depended) for n in node.nodes)
            return f"{pad}Parallel {{\n{body}\n{pad}}},"
        case ConditionNode():
            if node.if_clause is not None and node.else_clause is None:
                body = _node(node.if_clause, level + 1, depended)
                return f"{pad}Include(if: ${node.condition}) {{\n{body}\n{pad}}},"
            if node.if_clause is None and node.else_clause is not None:
                body = _node(node.else_clause, level + 1, depended)
                return f"{pad}Skip(if: ${node.condition}) {{\n{body}\n{pad}}},"
            then = "" if node.if_clause is None else _node(node.if_clause, level + 2, depended)
            other = "" if node.else_clause is None else _node(node.else_clause, level + 2, depended)
            inner = _INDENT * (level + 1)
            return (
                f"{pad}Condition(if: ${node.condition}) {{\n"
                f"{inner}Then {{\n{then}\n{inner}}}\n"
                f"{inner}Else {{\n{other}\n{inner}}}\n{pad}}},"
            )
        case DeferNode():
            return _defer(node, level, depended)
        case _:
            assert_never(node)


def _defer(node: DeferNode, level: int, depended: frozenset[int]) -> str:
    """Apollo's layout: `Defer { Primary { … }, [ Deferred(depends: […], path: "…") { … }, ] }`."""
    pad = _INDENT * level
    inner = _INDENT * (level + 1)
    primary = "" if node.primary is None else _node(node.primary, level + 2, depended)
    parts = [f"{pad}Defer {{", f"{inner}Primary {{", primary, f"{inner}}}, ["]
    for deferred in node.deferred:
        depends = ", ".join(str(i) for i in deferred.depends)
        head = f'Deferred(depends: [{depends}], path: "{_path(deferred.path)}"'
        if deferred.label is not None:
            head += f', label: "{deferred.label}"'
        parts.append(f"{inner}{_INDENT}{head}) {{")
        if deferred.node is not None:
            parts.append(_node(deferred.node, level + 3, depended))
        parts.append(f"{inner}{_INDENT}}},")
    parts.append(f"{inner}]")
    parts.append(f"{pad}}},")
    return "\n".join(p for p in parts if p)


def _path(path: tuple[PathElement, ...]) -> str:
    """`a.@.b`, with a type condition step written Apollo's way: `a.@|[T].b`."""
    steps: list[str] = []
    for step in path:
        match step:
            case Key(name=name):
                steps.append(name)
            case AnyIndex():
                steps.append("@")
            case TypeCondition(type_name=type_name):
                if steps:
                    steps[-1] += f"|[{type_name}]"
                else:
                    steps.append(f"... on {type_name}")
            case _:
                assert_never(step)
    return ".".join(steps)


def _fetch(node: FetchNode, level: int, depended: frozenset[int] = frozenset()) -> str:
    pad = _INDENT * level
    document = parse(node.operation, no_location=True)
    operation = document.definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    selection = operation.selection_set
    parts: list[str] = []
    if node.requires is not None:
        entities = selection.selections[0]
        assert isinstance(entities, FieldNode)
        assert entities.selection_set is not None
        selection = entities.selection_set
        parts.append(print_ast(_requires_ast(node.requires)) + " =>")
    parts.append(print_ast(selection))
    body = _indent("\n".join(parts), level + 1)
    ident = f", id: {node.id}" if node.id is not None and node.id in depended else ""
    return f'{pad}Fetch(service: "{node.service_name}"{ident}) {{\n{body}\n{pad}}},'


def _requires_ast(selections: tuple[RequiresSelection, ...]) -> SelectionSetNode:
    nodes: list[FieldNode | InlineFragmentNode] = []
    for selection in selections:
        match selection:
            case RequiresField():
                nodes.append(
                    FieldNode(
                        name=NameNode(value=selection.name),
                        arguments=(),
                        directives=(),
                        selection_set=(
                            _requires_ast(selection.selections) if selection.selections else None
                        ),
                    )
                )
            case RequiresInlineFragment():
                nodes.append(
                    InlineFragmentNode(
                        type_condition=NamedTypeNode(name=NameNode(value=selection.type_condition)),
                        directives=(),
                        selection_set=_requires_ast(selection.selections),
                    )
                )
            case _:
                assert_never(selection)
    return SelectionSetNode(selections=tuple(nodes))
