"""Parsing and validation of client documents, cached by the document's hash.

A document is refused before any parsing when it is larger than `max_bytes` (UTF-8), and the
parser stops at `max_tokens` tokens (comments included, as graphql-core counts them); both
refusals carry the code naming the limit and the numbers, like the operation limits of
`gateway.policy.limits`. The token count reported is exact up to twice the limit; past that (or
where the text stops lexing) it is where counting stopped.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    GraphQLSyntaxError,
    Source,
    TokenKind,
    parse,
    validate,
)
from graphql.language import Lexer

from gateway.config import LimitsConfig
from gateway.formatted_error import GraphQLFormattedError
from gateway.operation.lru import LruCache

__all__ = ["CheckedDocument", "DocumentCache", "count_tokens", "document_hash"]

_DEFAULTS = LimitsConfig()


def document_hash(query: str) -> str:
    # surrogatepass: a JSON body may carry a lone surrogate; hash it instead of failing.
    return hashlib.sha256(query.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckedDocument:
    """A parsed document, or the errors that stop it (`code` says which stage failed)."""

    document: DocumentNode | None
    errors: tuple[GraphQLFormattedError, ...] = ()
    code: str | None = None


class DocumentCache:
    """Parses and validates each distinct document once per API schema."""

    __slots__ = ("_cache", "_max_bytes", "_max_tokens", "_schema")

    def __init__(
        self,
        schema: GraphQLSchema,
        *,
        maxsize: int = 2048,
        max_tokens: int = _DEFAULTS.max_tokens,
        max_bytes: int = _DEFAULTS.max_document_bytes,
    ) -> None:
        self._schema = schema
        self._max_tokens = max_tokens
        self._max_bytes = max_bytes
        self._cache: LruCache[str, CheckedDocument] = LruCache(maxsize)

    def check(self, key: str, query: str) -> CheckedDocument:
        # Before the cache: an oversized document must not take a cache entry.
        too_large = self._size_refusal(query)
        if too_large is not None:
            return too_large
        checked = self._cache.get(key)
        if checked is None:
            checked = self._check(query)
            self._cache.put(key, checked)
        return checked

    def _size_refusal(self, query: str) -> CheckedDocument | None:
        limit = self._max_bytes
        # A code point is at most 4 bytes: most documents are judged without encoding them.
        if len(query) * 4 <= limit:
            return None
        size = len(query.encode("utf-8", "surrogatepass"))
        if size <= limit:
            return None
        message = f"The document's size {size} bytes exceeds the limit {limit} bytes."
        return _refusal(message, "MAX_DOCUMENT_SIZE_EXCEEDED", limit, size)

    def _check(self, query: str) -> CheckedDocument:
        try:
            document = parse(query, no_location=False, max_tokens=self._max_tokens)
        except GraphQLSyntaxError as error:
            if _is_token_limit(error, self._max_tokens):
                return self._token_refusal(query)
            return _parse_failure(error)
        except GraphQLError as error:
            return _parse_failure(error)
        errors = validate(self._schema, document)
        if errors:
            return CheckedDocument(
                document=None,
                errors=tuple(_formatted(error) for error in errors),
                code="GRAPHQL_VALIDATION_FAILED",
            )
        return CheckedDocument(document=document)

    def _token_refusal(self, query: str) -> CheckedDocument:
        limit = self._max_tokens
        count, exact = count_tokens(query, cap=2 * limit)
        if exact:
            message = f"The document's token count {count} exceeds the limit {limit}."
        else:
            message = (
                f"The document's token count exceeds the limit {limit} "
                f"(counting stopped at {count} tokens)."
            )
        return _refusal(message, "MAX_TOKENS_EXCEEDED", limit, count)


def count_tokens(query: str, *, cap: int) -> tuple[int, bool]:
    """The tokens of `query` as graphql-core's `max_tokens` counts them (comments included),
    and whether that is the whole count: counting stops past `cap` tokens (a refused document
    must not cost much more than the parse that refused it) and where the text stops lexing."""
    lexer = Lexer(Source(query))
    # graphql-core's parser lets its lexer stop inside a run of comments once they exceed the
    # token budget; do the same where this graphql-core version has that (private) budget.
    budgeted = hasattr(lexer, "_comment_budget")
    previous = lexer.token
    count = 0
    try:
        while count <= cap:
            if budgeted:
                lexer._max_tokens = lexer._comment_budget = cap - count
            token = lexer.advance()
            # Comments are skipped by `advance` but stay linked between the tokens around them.
            skipped = previous.next
            while skipped is not None and skipped is not token:
                count += 1
                skipped = skipped.next
            if token.kind is TokenKind.EOF:
                return count, True
            count += 1
            previous = token
    except GraphQLSyntaxError as error:
        if budgeted and "tokens. Parsing aborted." in error.message:
            return cap + 1, False
        return count, False
    except GraphQLError:
        return count, False
    return count, False


def _is_token_limit(error: GraphQLSyntaxError, limit: int) -> bool:
    return error.message.startswith(f"Syntax Error: Document contains more than {limit} tokens.")


def _refusal(message: str, code: str, limit: int, measured: int) -> CheckedDocument:
    extensions = {"code": code, "limit": limit, "measured": measured}
    error: GraphQLFormattedError = {"message": message, "extensions": extensions}
    return CheckedDocument(document=None, errors=(error,), code=code)


def _parse_failure(error: GraphQLError) -> CheckedDocument:
    return CheckedDocument(document=None, errors=(_formatted(error),), code="GRAPHQL_PARSE_FAILED")


def _formatted(error: GraphQLError) -> GraphQLFormattedError:
    out: GraphQLFormattedError = {"message": error.message}
    if error.locations:
        out["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations]
    return out
