"""The refusals of the operation limits: error dicts whose `extensions.code` names the limit.

    MAX_DEPTH_EXCEEDED            fields nested deeper than `max_depth`
    MAX_ALIASES_EXCEEDED          more aliased fields than `max_aliases`
    MAX_ROOT_FIELDS_EXCEEDED      more root fields than `max_root_fields`
    COST_ESTIMATED_TOO_EXPENSIVE  estimated cost above `max_cost`
    COST_QUERY_PARSE_FAILURE      the cost cannot be estimated (a field's `@listSize` asks for
                                  exactly one slicing argument and the operation gives none or
                                  several); Apollo Router's code for the same refusal

Every error states the limit and the measured value in its message and in `extensions`
(`limit`, `measured`); the cost error also carries Apollo's `cost.estimated` and `cost.max`.
"""

from __future__ import annotations

import math
import sys

from gateway.formatted_error import GraphQLFormattedError

__all__ = [
    "COST_ESTIMATED_TOO_EXPENSIVE",
    "COST_QUERY_PARSE_FAILURE",
    "MAX_ALIASES_EXCEEDED",
    "MAX_DEPTH_EXCEEDED",
    "MAX_ROOT_FIELDS_EXCEEDED",
    "cost_error",
    "limit_error",
    "number",
]

MAX_DEPTH_EXCEEDED = "MAX_DEPTH_EXCEEDED"
MAX_ALIASES_EXCEEDED = "MAX_ALIASES_EXCEEDED"
MAX_ROOT_FIELDS_EXCEEDED = "MAX_ROOT_FIELDS_EXCEEDED"
COST_ESTIMATED_TOO_EXPENSIVE = "COST_ESTIMATED_TOO_EXPENSIVE"
COST_QUERY_PARSE_FAILURE = "COST_QUERY_PARSE_FAILURE"


def number(value: float) -> int | float:
    """`value` as an int when it is a whole number, so messages read `12510`, not `12510.0`."""
    if not math.isfinite(value):
        # JSON has no infinity; an overflowing estimate is reported as the largest float.
        return sys.float_info.max
    if value == int(value):
        return int(value)
    return value


def limit_error(code: str, what: str, measured: float, limit: float) -> GraphQLFormattedError:
    """The refusal `The operation's <what> <measured> exceeds the limit <limit>.`"""
    shown, bound = number(measured), number(limit)
    return {
        "message": f"The operation's {what} {shown} exceeds the limit {bound}.",
        "extensions": {"code": code, "limit": bound, "measured": shown},
    }


def cost_error(estimated: float, limit: float) -> GraphQLFormattedError:
    error = limit_error(COST_ESTIMATED_TOO_EXPENSIVE, "estimated cost", estimated, limit)
    extensions = error["extensions"]
    extensions["cost.estimated"] = extensions["measured"]
    extensions["cost.max"] = extensions["limit"]
    return error
