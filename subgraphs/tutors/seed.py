"""The deterministic seed: the subject catalog and the 200 tutor profiles of the seed universe."""

from __future__ import annotations

import random
from collections.abc import Sequence
from decimal import Decimal
from functools import cache
from typing import Final

from shared import seed as universe
from subgraphs.tutors.catalog import LANGUAGE_OF_SUBJECT, PREREQUISITES, RELATED, SUBJECTS
from subgraphs.tutors.model import CENT, Level, SubjectRecord, Teaching, TutorRecord
from subgraphs.tutors.store import TutorStore

__all__ = ["SeedProfile", "profiles", "seed"]

SeedProfile = tuple[TutorRecord, tuple[Teaching, ...]]

# The language most people speak around each seeded timezone.
_LOCAL_LANGUAGE: Final = {
    "Europe/Berlin": "de",
    "Europe/London": "en",
    "Europe/Madrid": "es",
    "Europe/Warsaw": "pl",
    "America/New_York": "en",
    "America/Chicago": "en",
    "America/Los_Angeles": "en",
    "America/Sao_Paulo": "pt",
    "Asia/Tokyo": "ja",
    "Asia/Kolkata": "hi",
    "Asia/Singapore": "zh",
    "Australia/Sydney": "en",
    "Africa/Lagos": "en",
    "Africa/Nairobi": "sw",
}
_EXTRA_LANGUAGES: Final = ("en", "en", "en", "es", "fr", "de", "it", "pt")
_LEVELS: Final = (Level.BEGINNER, Level.INTERMEDIATE, Level.ADVANCED)
_LEVEL_WEIGHTS: Final = (2, 4, 3)
_STYLES: Final = (
    "Patient",
    "Friendly",
    "Experienced",
    "Certified",
    "Exam-focused",
    "Enthusiastic",
    "Structured",
)
_SCHOOL_ROLES: Final = ("university lecturer", "high-school teacher", "PhD student")
# Who typically teaches each category (the bio introduces the tutor as one of these).
_ROLES: Final = {
    "Mathematics": (*_SCHOOL_ROLES, "former exam examiner"),
    "Physics": (*_SCHOOL_ROLES, "research engineer"),
    "Life and Chemical Sciences": (*_SCHOOL_ROLES, "lab scientist"),
    "Computer Science": ("software engineer", "industry practitioner", "university lecturer"),
    "Languages": ("native speaker and teacher", "certified language teacher", "translator"),
    "Music": ("professional musician", "conservatory graduate", "music-school teacher"),
    "Humanities": (*_SCHOOL_ROLES, "published author"),
}
_METHODS: Final = (
    "I start from what you already know and build up step by step.",
    "Every lesson ends with a short exercise set so you can practise on your own.",
    "I use real examples from everyday life to make abstract ideas concrete.",
    "We set a clear goal in the first lesson and track progress towards it.",
    "Expect lots of questions: I want you to explain ideas back to me.",
    "I prepare students for exams with past papers and timed practice.",
)
_CLOSINGS: Final = (
    "Book a first lesson and let's find the pace that suits you.",
    "Beginners and returning learners are equally welcome.",
    "I am happy to help with homework, projects and exam preparation.",
    "Lessons are relaxed, focused and tailored to you.",
)


def _pick_subjects(r: random.Random) -> tuple[Teaching, ...]:
    """1 to 4 subjects, mostly from one category, each with the highest level taught."""
    home = r.choice(SUBJECTS).category
    same = [s for s in SUBJECTS if s.category == home]
    count = r.choice((1, 2, 2, 3, 3, 4))
    chosen: list[SubjectRecord] = []
    while len(chosen) < count:
        pool = same if r.random() < 0.85 else list(SUBJECTS)
        pick = r.choice(pool)
        if pick not in chosen:
            chosen.append(pick)
    out = []
    for subject in chosen:
        level = Level.EXPERT if r.random() < 0.1 else r.choices(_LEVELS, _LEVEL_WEIGHTS)[0]
        out.append(Teaching(subject_id=subject.id, level=level))
    return tuple(out)


def _pick_languages(r: random.Random, timezone: str, teachings: Sequence[Teaching]) -> list[str]:
    # A tutor speaks the languages they teach (at most three here), then the local one.
    langs: list[str] = []
    for teaching in teachings:
        code = LANGUAGE_OF_SUBJECT.get(teaching.subject_id)
        if code is not None and code not in langs:
            langs.append(code)
    if _LOCAL_LANGUAGE.get(timezone, "en") not in langs:
        langs.append(_LOCAL_LANGUAGE.get(timezone, "en"))
    target = r.choice((1, 2, 2, 3))
    while len(langs) < target:
        extra = r.choice(_EXTRA_LANGUAGES)
        if extra not in langs:
            langs.append(extra)
    return langs[:3]


@cache
def profiles() -> tuple[SeedProfile, ...]:
    """tutor-N (the profile of user-N) with its subjects, languages, rate and texts."""
    r = universe.rng("tutors")
    names = {u.id: u.display_name.split()[0] for u in universe.users()}
    by_id = {s.id: s for s in SUBJECTS}
    out: list[SeedProfile] = []
    for seed_tutor in universe.tutors():
        teachings = _pick_subjects(r)
        home = by_id[teachings[0].subject_id]
        main = home.name
        years = r.randint(1, 25)
        headline = f"{r.choice(_STYLES)} {main} tutor, {years} years of teaching"
        others = [by_id[t.subject_id].name for t in teachings[1:]]
        listed = " and ".join((", ".join(others[:-1]), others[-1]) if len(others) > 1 else others)
        also = f" I also teach {listed}." if others else ""
        role = r.choice(_ROLES[home.category])
        article = "an" if role[0] in "aeiou" else "a"
        bio = (
            f"Hi, I'm {names[seed_tutor.user_id]}, {article} {role} teaching {main}.{also} "
            f"{r.choice(_METHODS)} {r.choice(_CLOSINGS)}"
        )
        tutor = TutorRecord(
            id=seed_tutor.id,
            user_id=seed_tutor.user_id,
            headline=headline,
            bio=bio,
            # Whole or half units between 15 and 120: how marketplaces quote hourly rates.
            rate_amount=(Decimal(r.randrange(30, 241)) / 2).quantize(CENT),
            rate_currency="USD",
            languages=tuple(_pick_languages(r, seed_tutor.timezone, teachings)),
        )
        out.append((tutor, teachings))
    return tuple(out)


async def seed(store: TutorStore) -> None:
    """Migrate, wipe this subgraph's nodes and load the catalog and the profiles."""
    await store.migrate()
    await store.reset()
    await store.load_subjects(SUBJECTS)
    await store.load_subject_edges("PREREQUISITE_OF", PREREQUISITES)
    await store.load_subject_edges("RELATED_TO", RELATED)
    await store.load_tutors(profiles())
