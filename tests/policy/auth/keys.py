"""Test keys and tokens: RSA and EC key pairs made with `cryptography`, JWKS documents, JWTs."""

from __future__ import annotations

import base64
import json
import time
from dataclasses import dataclass
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

HS_SECRET = "h" * 40


@dataclass(frozen=True, slots=True)
class KeyPair:
    kid: str
    algorithm: str
    private: Any

    def jwk(self, *, with_alg: bool = True) -> dict[str, Any]:
        public = self.private.public_key()
        converter = RSAAlgorithm if self.algorithm.startswith(("RS", "PS")) else ECAlgorithm
        jwk: dict[str, Any] = dict(converter.to_jwk(public, as_dict=True))
        jwk.update(kid=self.kid, use="sig")
        if with_alg:
            jwk["alg"] = self.algorithm
        return jwk

    def sign(self, claims: dict[str, Any] | None = None, **header: Any) -> str:
        return jwt.encode(
            claims if claims is not None else valid_claims(),
            self.private,
            algorithm=header.pop("alg", self.algorithm),
            headers={"kid": self.kid, **header},
        )


def rsa_pair(kid: str, algorithm: str = "RS256") -> KeyPair:
    return KeyPair(kid, algorithm, rsa.generate_private_key(public_exponent=65537, key_size=2048))


def ec_pair(kid: str) -> KeyPair:
    return KeyPair(kid, "ES256", ec.generate_private_key(ec.SECP256R1()))


def jwks(*pairs: KeyPair, extra: tuple[Any, ...] = ()) -> dict[str, Any]:
    return {"keys": [pair.jwk() for pair in pairs] + list(extra)}


def valid_claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    claims: dict[str, Any] = {"sub": "user-0001", "iat": now, "exp": now + 300}
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def hs256(claims: dict[str, Any] | None = None, secret: str = HS_SECRET, **header: Any) -> str:
    return jwt.encode(
        claims if claims is not None else valid_claims(), secret, algorithm="HS256", headers=header
    )


def unsigned(claims: dict[str, Any] | None = None) -> str:
    """A token with `alg: none` and no signature."""

    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims or valid_claims())}."


def bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now
