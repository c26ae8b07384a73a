"""The seed universe every subgraph agrees on: user ids, tutor ids and who is whom.

Subgraphs never import each other, yet their seed data must line up (a review's author is a
user that accounts knows; a booking's tutor is a tutor that tutors knows). This module is that
agreement: deterministic, derived from fixed numbers, and the only thing the seeds share.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

__all__ = [
    "ANCHOR",
    "N_STUDENTS",
    "N_SUBJECTS",
    "N_TUTORS",
    "SEED",
    "SEED_PASSWORD",
    "SeedTutor",
    "SeedUser",
    "rng",
    "students",
    "tutors",
    "users",
]

SEED = 20261122
N_TUTORS = 200
N_STUDENTS = 800
N_SUBJECTS = 50
# The Monday from which seeded availability and bookings run for four weeks.
ANCHOR = datetime(2026, 11, 30, tzinfo=UTC)
# The password of every seeded account: demo data only, never a real credential.
SEED_PASSWORD = "tutorgraph-demo-password"  # noqa: S105 (public demo data, by design)

_FIRST = (
    "Ada Alan Amara Ana Arjun Bea Bruno Carla Chen Chloe Dario Dev Elena Emil Eva Farah Felix Gia "
    "Hana Hugo Ines Ivan Jana Jonas Kai Kira Lars Lea Leo Lina Luca Maya Mateo Mei Mila Nadia "
    "Nico Noor Olga Omar Paula Pedro Priya Quinn Rosa Rui Sara Sven Tara Theo Uma Vera Wei "
    "Yara Yusuf Zoe"
).split()
_LAST = (
    "Abe Alvarez Bauer Bianchi Costa Dubois Eriksen Fischer Garcia Haddad Ito Jensen Kim Kowalski "
    "Larsen Lopez Meyer Moreau Nakamura Novak Okafor Olsen Park Petrov Quispe Rossi Sato Schmidt "
    "Silva Singh Tanaka Torres Ueda Varga Wagner Weber Xu Yilmaz Zhang Zimmer"
).split()
_TIMEZONES = (
    "Europe/Berlin Europe/London Europe/Madrid Europe/Warsaw America/New_York America/Chicago "
    "America/Los_Angeles America/Sao_Paulo Asia/Tokyo Asia/Kolkata Asia/Singapore "
    "Australia/Sydney Africa/Lagos Africa/Nairobi"
).split()


@dataclass(frozen=True, slots=True, kw_only=True)
class SeedUser:
    id: str
    email: str
    display_name: str
    role: str  # STUDENT, TUTOR or ADMIN
    timezone: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SeedTutor:
    id: str
    user_id: str
    timezone: str


def rng(domain: str) -> random.Random:
    """A random generator of its own per domain, so one seed's changes leave others alone."""
    return random.Random(f"{SEED}:{domain}")


@cache
def users() -> tuple[SeedUser, ...]:
    """Tutors' users first (user-0001 … user-0200), then students, then one admin."""
    r = rng("users")
    out: list[SeedUser] = []
    for n in range(1, N_TUTORS + N_STUDENTS + 2):
        first, last = r.choice(_FIRST), r.choice(_LAST)
        role = "TUTOR" if n <= N_TUTORS else "STUDENT"
        if n == N_TUTORS + N_STUDENTS + 1:
            first, last, role = "Admin", "User", "ADMIN"
        out.append(
            SeedUser(
                id=f"user-{n:04d}",
                email=f"{first.lower()}.{last.lower()}.{n}@example.com",
                display_name=f"{first} {last}",
                role=role,
                timezone=r.choice(_TIMEZONES),
            )
        )
    return tuple(out)


@cache
def tutors() -> tuple[SeedTutor, ...]:
    """Tutor n is the profile of user n."""
    return tuple(
        SeedTutor(id=f"tutor-{u.id[-4:]}", user_id=u.id, timezone=u.timezone)
        for u in users()
        if u.role == "TUTOR"
    )


@cache
def students() -> tuple[SeedUser, ...]:
    return tuple(u for u in users() if u.role == "STUDENT")
