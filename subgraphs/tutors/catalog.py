"""The seeded skill graph: 50 subjects in 7 categories, with related and prerequisite edges."""

from __future__ import annotations

from typing import Final

from subgraphs.tutors.model import SubjectRecord

__all__ = ["LANGUAGE_OF_SUBJECT", "PREREQUISITES", "RELATED", "SUBJECTS"]

_BY_CATEGORY: Final = {
    "Mathematics": (
        "Arithmetic Algebra Geometry Trigonometry Precalculus Calculus",
        "Linear Algebra|Statistics|Probability|Discrete Mathematics",
    ),
    "Physics": ("Mechanics|Electromagnetism|Thermodynamics|Quantum Mechanics|Astronomy",),
    "Life and Chemical Sciences": (
        "General Chemistry|Organic Chemistry|Biology|Genetics|Biochemistry",
    ),
    "Computer Science": (
        "Python|JavaScript|Web Development|Java|C Programming|Data Structures|Algorithms",
        "Databases|Machine Learning|Data Science",
    ),
    "Languages": (
        "English|Spanish|French|German|Italian|Portuguese|Japanese|Mandarin Chinese|Arabic|Latin",
    ),
    "Music": ("Music Theory|Piano|Guitar|Violin|Singing|Music Production",),
    "Humanities": ("Economics|World History|Essay Writing|Philosophy",),
}


def _names(chunks: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for chunk in chunks:
        out.extend(chunk.split("|") if "|" in chunk else chunk.split())
    return out


def _slug(name: str) -> str:
    return "subject-" + name.lower().replace(" ", "-")


SUBJECTS: Final = tuple(
    SubjectRecord(id=_slug(name), name=name, category=category)
    for category, chunks in _BY_CATEGORY.items()
    for name in _names(chunks)
)

# The ISO 639-1 code a language subject teaches: its tutors speak it.
LANGUAGE_OF_SUBJECT: Final = {
    _slug(name): code
    for name, code in (
        ("English", "en"),
        ("Spanish", "es"),
        ("French", "fr"),
        ("German", "de"),
        ("Italian", "it"),
        ("Portuguese", "pt"),
        ("Japanese", "ja"),
        ("Mandarin Chinese", "zh"),
        ("Arabic", "ar"),
        ("Latin", "la"),
    )
}


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    """`A > B; C > D` as slug pairs (the separator reads "comes before" / "relates to")."""
    pairs = []
    for item in text.split(";"):
        a, b = (part.strip() for part in item.split(">"))
        pairs.append((_slug(a), _slug(b)))
    return tuple(pairs)


# (a, b): a is a prerequisite of b.
PREREQUISITES: Final = _pairs(
    "Arithmetic > Algebra; Arithmetic > Geometry; Algebra > Trigonometry; Geometry > Trigonometry;"
    "Algebra > Precalculus; Trigonometry > Precalculus; Precalculus > Calculus;"
    "Algebra > Linear Algebra; Probability > Statistics; Algebra > Probability;"
    "Algebra > Discrete Mathematics; Calculus > Mechanics; Mechanics > Electromagnetism;"
    "Calculus > Electromagnetism; Mechanics > Thermodynamics; Linear Algebra > Quantum Mechanics;"
    "Electromagnetism > Quantum Mechanics; General Chemistry > Organic Chemistry;"
    "Organic Chemistry > Biochemistry; Biology > Genetics; Biology > Biochemistry;"
    "Python > Data Structures; Data Structures > Algorithms; Discrete Mathematics > Algorithms;"
    "Python > Machine Learning; Linear Algebra > Machine Learning; Statistics > Machine Learning;"
    "Statistics > Data Science; Python > Data Science; JavaScript > Web Development;"
    "Music Theory > Music Production; Statistics > Economics"
)

# Unordered pairs of subjects that help each other (stored once, read both ways).
RELATED: Final = _pairs(
    "Mechanics > Astronomy; Thermodynamics > General Chemistry;"
    "Quantum Mechanics > General Chemistry; Calculus > Linear Algebra;"
    "Probability > Discrete Mathematics; Biology > General Chemistry; Genetics > Statistics;"
    "Python > JavaScript; Python > Java; Java > C Programming; C Programming > Data Structures;"
    "Web Development > Databases; Databases > Data Science; Data Science > Machine Learning;"
    "Spanish > Portuguese; Spanish > Italian; French > Italian; French > Latin; Italian > Latin;"
    "Spanish > Latin; German > English; English > Essay Writing; Japanese > Mandarin Chinese;"
    "Arabic > French; Latin > World History; Latin > Philosophy; Piano > Music Theory;"
    "Guitar > Music Theory; Violin > Music Theory; Singing > Music Theory; Piano > Singing;"
    "Music Production > Guitar; Music Theory > Arithmetic; Economics > World History;"
    "World History > Essay Writing; Philosophy > Essay Writing; English > Japanese;"
    "English > Spanish; Algebra > Python"
)
