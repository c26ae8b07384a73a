"""Parsing and validation of client documents, cached by the document's hash."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from graphql import DocumentNode, GraphQLError, GraphQLSchema, parse, validate

from gateway.request.lru import LruCache

__all__ = ["CheckedDocument", "DocumentCache", "document_hash"]


def document_hash(query: str) -> str:
    return hashlib.sha256(query.encode()).hexdigest()


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckedDocument:
    """A parsed document, or the errors that stop it (`code` says which stage failed)."""

    document: DocumentNode | None
    errors: tuple[dict[str, Any], ...] = ()
    code: str | None = None


class DocumentCache:
    """Parses and validates each distinct document once per API schema."""

    __slots__ = ("_cache", "_schema")

    def __init__(self, schema: GraphQLSchema, *, maxsize: int = 2048) -> None:
        self._schema = schema
        self._cache: LruCache[str, CheckedDocument] = LruCache(maxsize)

    def check(self, key: str, query: str) -> CheckedDocument:
        checked = self._cache.get(key)
        if checked is None:
            checked = self._check(query)
            self._cache.put(key, checked)
        return checked

    def _check(self, query: str) -> CheckedDocument:
        try:
            document = parse(query, no_location=False, max_tokens=50_000)
        except GraphQLError as error:
            return CheckedDocument(
                document=None, errors=(_formatted(error),), code="GRAPHQL_PARSE_FAILED"
            )
        errors = validate(self._schema, document)
        if errors:
            return CheckedDocument(
                document=None,
                errors=tuple(_formatted(error) for error in errors),
                code="GRAPHQL_VALIDATION_FAILED",
            )
        return CheckedDocument(document=document)


def _formatted(error: GraphQLError) -> dict[str, Any]:
    out: dict[str, Any] = {"message": error.message}
    if error.locations:
        out["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations]
    return out
