"""Which root fields an operation selects, and how many times: what operation rules count.

Only names a rule watches are looked for, and a document that does not contain any of them as
text is not parsed at all (a field name cannot be escaped in GraphQL, so a document that
selects `signIn` contains "signIn").  Otherwise the document is parsed (bounded by the token
limit the pipeline applies) and the chosen operation's root selection walked through fragment
spreads and inline fragments: a watched field counts once per response key it is selected under
(GraphQL runs a field once per key: `signIn` twice is one call, `a: signIn` and `b: signIn` are
two), so aliases cannot hide many sign-in attempts in one operation.  `@skip`/`@include` are not
evaluated: a skipped selection still counts.  A document that does not parse, or names no such
operation, counts nothing: the pipeline refuses it anyway.  Results are kept per document hash
and operation name (least recently used first out).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    parse,
)

from gateway.operation.fragments import fragments_of

__all__ = ["RootFieldCounter", "RootSelections"]

# (operation type: "query" | "mutation" | "subscription", field name) -> selections
RootSelections = Mapping[tuple[str, str], int]
_NONE: RootSelections = MappingProxyType({})
# Longer operation names are counted but not remembered.
_MAX_CACHED_NAME = 512


class RootFieldCounter:
    """Counts the selections of the root fields named `watched` in an operation."""

    def __init__(self, watched: Iterable[str], *, max_tokens: int, cache_size: int = 1024) -> None:
        self.watched = frozenset(watched)
        self.max_tokens = max_tokens
        self.cache_size = cache_size
        self._cache: OrderedDict[tuple[str, str | None], RootSelections] = OrderedDict()

    def counts(self, text: str, operation_name: str | None) -> RootSelections:
        """The watched selections of `operation_name` in `text`."""
        if not any(name in text for name in self.watched):
            return _NONE
        # Keyed by the text's SHA-256, as APQ names it: the cache holds no document texts (a
        # client sending large distinct documents must not fill memory), and a persisted query
        # sent as its hash alone finds what the text counted when it was registered.
        key = hashlib.sha256(text.encode("utf-8")).hexdigest()
        found = self.cached(key, operation_name)
        if found is None:
            found = self._count(text, operation_name)
            if operation_name is None or len(operation_name) <= _MAX_CACHED_NAME:
                self._cache[(key, operation_name)] = found
                if len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        return found

    def cached(self, sha256: str, operation_name: str | None) -> RootSelections | None:
        """What the document with this SHA-256 (hex) counted, if it is still known."""
        found = self._cache.get((sha256, operation_name))
        if found is not None:
            self._cache.move_to_end((sha256, operation_name))
        return found

    def _count(self, text: str, operation_name: str | None) -> RootSelections:
        try:
            document = parse(text, no_location=True, max_tokens=self.max_tokens)
        except GraphQLError:
            return _NONE
        operation = _operation(document, operation_name)
        if operation is None:
            return _NONE
        fragments = fragments_of(document)
        kind = operation.operation.value
        keys = set(_root_fields(operation.selection_set, fragments, set()))
        counted: dict[tuple[str, str], int] = {}
        for name, _response_key in keys:
            if name in self.watched:
                counted[(kind, name)] = counted.get((kind, name), 0) + 1
        return MappingProxyType(counted) if counted else _NONE


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    for operation in operations:
        if operation.name is not None and operation.name.value == name:
            return operation
    return None


def _root_fields(
    selections: SelectionSetNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    visiting: set[str],
) -> Iterable[tuple[str, str]]:
    """(field name, response key) of every root selection."""
    for selection in selections.selections:
        if isinstance(selection, FieldNode):
            name = selection.name.value
            yield name, selection.alias.value if selection.alias is not None else name
        elif isinstance(selection, InlineFragmentNode):
            yield from _root_fields(selection.selection_set, fragments, visiting)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is not None and name not in visiting:  # a cycle does not validate
                visiting.add(name)
                yield from _root_fields(fragment.selection_set, fragments, visiting)
                visiting.discard(name)
