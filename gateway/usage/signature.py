"""An operation's usage signature: the normalised document the registry records, and its hash.

The normalised document is the executed operation followed by the fragments it uses
(transitively, by name), printed by graphql-core, with literals hidden so that requests that
differ only in the values they pass count as one operation:

    strings (block strings too)  ""        lists    []
    ints and floats              0         objects  {}
    booleans, enum values, null  kept: they choose what runs (`@include(if: true)`, an enum
                                 filter), and the registry re-plans the document
    variables                    kept, with their types; default values are literals (hidden)

Selections, aliases, directives and their order are kept as written.  The hash is the sha256 of
the printed text (hex), so two gateways report the same hash for the same operation.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from graphql import (
    DocumentNode,
    FieldNode,
    FloatValueNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    Node,
    ObjectValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    Visitor,
    print_ast,
    visit,
)

__all__ = ["introspection_only", "normalised_document", "signature_hash", "used_fragments"]


def used_fragments(
    operation: OperationDefinitionNode, fragments: Mapping[str, FragmentDefinitionNode]
) -> tuple[FragmentDefinitionNode, ...]:
    """The fragments `operation` spreads, directly or through other fragments, by name."""
    seen: dict[str, FragmentDefinitionNode] = {}
    pending: list[SelectionSetNode] = [operation.selection_set]
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = fragments.get(name)
                if fragment is not None and name not in seen:
                    seen[name] = fragment
                    pending.append(fragment.selection_set)
            elif (
                isinstance(selection, FieldNode | InlineFragmentNode)
                and selection.selection_set is not None
            ):
                pending.append(selection.selection_set)
    return tuple(seen[name] for name in sorted(seen))


class _HideLiterals(Visitor):
    """Replaces literal values by their empty form (module docstring); returns new nodes, so
    the cached document is never changed."""

    def enter_string_value(self, node: StringValueNode, *_: object) -> StringValueNode:
        return StringValueNode(value="", block=False)

    def enter_int_value(self, node: IntValueNode, *_: object) -> IntValueNode:
        return IntValueNode(value="0")

    def enter_float_value(self, node: FloatValueNode, *_: object) -> IntValueNode:
        return IntValueNode(value="0")

    def enter_list_value(self, node: ListValueNode, *_: object) -> ListValueNode:
        return ListValueNode(values=())

    def enter_object_value(self, node: ObjectValueNode, *_: object) -> ObjectValueNode:
        return ObjectValueNode(fields=())


def normalised_document(
    operation: OperationDefinitionNode, fragments: Mapping[str, FragmentDefinitionNode]
) -> str:
    """The operation and the fragments it uses, literals hidden, printed."""
    document = DocumentNode(definitions=(operation, *used_fragments(operation, fragments)))
    hidden: Node = visit(document, _HideLiterals())
    return print_ast(hidden)


def signature_hash(normalised: str) -> str:
    return hashlib.sha256(normalised.encode("utf-8", "surrogatepass")).hexdigest()


def introspection_only(
    operation: OperationDefinitionNode, fragments: Mapping[str, FragmentDefinitionNode]
) -> bool:
    """Whether every root field is a meta field (`__schema`, `__type`, `__typename`): such an
    operation reaches no subgraph and says nothing about the schema's use."""
    pending: list[SelectionSetNode] = [operation.selection_set]
    seen: set[str] = set()
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FieldNode):
                if not selection.name.value.startswith("__"):
                    return False
            elif isinstance(selection, InlineFragmentNode):
                pending.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = fragments.get(name)
                if fragment is not None and name not in seen:
                    seen.add(name)
                    pending.append(fragment.selection_set)
    return True
