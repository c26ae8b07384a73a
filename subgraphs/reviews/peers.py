"""Questions reviews asks other subgraphs about the viewer, over HTTP, as the gateway would.

Each request carries `x-gateway-secret` (the secret the gateway and the subgraphs share) next to
`x-gateway-claims` (the viewer the gateway verified), so the subgraph asked applies its own
rules about what the viewer may read, and reviews gains no access of its own. The question is
always about the viewer's `User` entity (`_entities` with the viewer's representation).

Error tree::

    DomainError
    └── StoreUnavailable   SERVICE_UNAVAILABLE: the subgraph asked did not answer (in time, at
                           all, without errors, or in the shape asked for)
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import aiohttp
import orjson

from shared.auth import Viewer
from shared.errors import StoreUnavailable
from shared.identity import IdentityHeaders, encode_claims

__all__ = ["PeerSubgraph"]

log = logging.getLogger("subgraphs.reviews.peers")


class PeerSubgraph:
    """The subgraph `name` at `url`, asked within `timeout` seconds over one pooled session;
    `unavailable` is what the viewer is told when it does not answer."""

    def __init__(
        self,
        name: str,
        url: str,
        secret: str,
        timeout: float,
        *,
        unavailable: str,
        names: IdentityHeaders | None = None,
    ) -> None:
        self.name = name
        self._url = url
        self._secret = secret
        self._timeout = timeout
        self._unavailable = unavailable
        self._names = names or IdentityHeaders.from_env()
        self._session: aiohttp.ClientSession | None = None

    def _client(self) -> aiohttp.ClientSession:
        # Made on first use, inside the server's event loop (the app may be built outside it).
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self._timeout),
                json_serialize=lambda value: orjson.dumps(value).decode(),
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def unavailable(self) -> StoreUnavailable:
        """The refusal for an answer that came, but not in the shape asked for."""
        return StoreUnavailable(self._unavailable, store=self.name)

    async def viewer_entity(
        self, viewer: Viewer, query: str, variables: Mapping[str, Any]
    ) -> dict[str, Any]:
        """The viewer's `User` entity as `query` selects it (`$user` is the viewer's
        representation, the other variables are `variables`); a null entity is empty."""
        headers = {
            self._names.secret: self._secret,
            self._names.claims: encode_claims({"sub": viewer.user_id, "role": viewer.role}),
        }
        payload = {
            "query": query,
            "variables": {"user": [{"__typename": "User", "id": viewer.user_id}], **variables},
        }
        body = await self._ask(payload, headers)
        entities = (body.get("data") or {}).get("_entities")
        if body.get("errors") or not isinstance(entities, list) or len(entities) != 1:
            log.warning("%s could not answer about %s: %s", self.name, viewer.user_id, body)
            raise self.unavailable()
        entity = entities[0] if entities[0] is not None else {}
        if not isinstance(entity, dict):
            log.warning("%s answered about %s with %r", self.name, viewer.user_id, entity)
            raise self.unavailable()
        return entity

    async def _ask(self, payload: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        try:
            async with self._client().post(self._url, json=payload, headers=headers) as answer:
                if answer.status != 200:
                    log.warning("%s answered HTTP %s at %s", self.name, answer.status, self._url)
                    raise self.unavailable()
                body = await answer.json(loads=orjson.loads, content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            log.warning(
                "%s did not answer at %s: %s: %s", self.name, self._url, type(exc).__name__, exc
            )
            raise self.unavailable() from exc
        if not isinstance(body, dict):
            raise self.unavailable()
        return body
