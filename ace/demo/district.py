"""A simulated district: schools, class sections, teachers, students and their latent skill.

Everything is drawn from one seeded `random.Random`, so a given seed always yields the same
district and the same statements, which lets the end-to-end test recompute expected mastery.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

SIS_HOME_PAGE = "https://sis.lincoln-unified.example.org"
ACTIVITY_BASE = "https://apps.lincoln-unified.example.org"

_FIRST = [
    "Ava",
    "Ben",
    "Chloe",
    "Diego",
    "Elena",
    "Farah",
    "Gabe",
    "Hana",
    "Ibrahim",
    "Jada",
    "Kai",
    "Lena",
    "Mateo",
    "Nia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Tariq",
    "Uma",
    "Victor",
    "Wren",
    "Ximena",
    "Yusuf",
    "Zoe",
    "Amara",
    "Bao",
    "Cyrus",
    "Dalia",
    "Emeka",
    "Freya",
    "Gus",
    "Hiro",
    "Isla",
    "Jonah",
    "Kenji",
    "Leila",
    "Milo",
    "Noor",
]
_LAST = [
    "Nguyen",
    "Garcia",
    "Smith",
    "Okafor",
    "Patel",
    "Kim",
    "Johnson",
    "Rossi",
    "Haddad",
    "Silva",
    "Cohen",
    "Tran",
    "Murphy",
    "Abebe",
    "Lopez",
    "Novak",
    "Singh",
    "Brown",
    "Moreau",
    "Ito",
]
_SCHOOLS = ("Lincoln Middle School", "Roosevelt Middle School", "Hamilton STEM Academy")


@dataclass(frozen=True)
class Standard:
    uri: str
    code: str
    statement: str


@dataclass
class Student:
    sourced_id: str
    name: str
    ability: float  # latent, in logits
    confidence_bias: float  # > 0: rates themselves higher than they perform
    engagement: float  # probability of doing an optional activity on a given day
    practice: dict[str, int] = field(default_factory=dict)  # standard uri -> practice count

    @property
    def actor(self) -> dict[str, object]:
        return {"name": self.name, "account": {"homePage": SIS_HOME_PAGE, "name": self.sourced_id}}


@dataclass
class ClassSection:
    sourced_id: str
    title: str
    school_id: str
    school_name: str
    teacher_id: str
    teacher_name: str
    students: list[Student]


@dataclass
class District:
    name: str
    standards: list[Standard]
    classes: list[ClassSection]
    difficulty: dict[str, float]

    @property
    def students(self) -> list[Student]:
        return [s for c in self.classes for s in c.students]


def load_standards(case_file: Path) -> list[Standard]:
    """The assessable standards (CFItemType 'Standard') of a CASE package, in coding order."""
    package = json.loads(case_file.read_text(encoding="utf-8"))
    items = [i for i in package["CFItems"] if i.get("CFItemType") == "Standard"]
    return [Standard(i["uri"], i["humanCodingScheme"], i["fullStatement"]) for i in items]


def make_district(
    rng: random.Random, standards: list[Standard], *, students: int, classes_per_school: int = 2
) -> District:
    sections: list[ClassSection] = []
    n_classes = len(_SCHOOLS) * classes_per_school
    per_class = [
        students // n_classes + (1 if i < students % n_classes else 0) for i in range(n_classes)
    ]
    counter = 0
    for s_index, school in enumerate(_SCHOOLS):
        for c_index in range(classes_per_school):
            k = s_index * classes_per_school + c_index
            teacher = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
            roster: list[Student] = []
            for _ in range(per_class[k]):
                counter += 1
                roster.append(
                    Student(
                        sourced_id=f"stu-{counter:04d}",
                        name=f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
                        ability=rng.gauss(0.0, 1.0),
                        confidence_bias=rng.gauss(0.2, 0.5),
                        engagement=rng.uniform(0.55, 0.95),
                    )
                )
            sections.append(
                ClassSection(
                    sourced_id=f"cls-{s_index + 1}{c_index + 1:02d}",
                    title=f"Math 6 — period {c_index + 1}",
                    school_id=f"sch-{s_index + 1:02d}",
                    school_name=school,
                    teacher_id=f"tch-{s_index + 1}{c_index + 1:02d}",
                    teacher_name=teacher,
                    students=roster,
                )
            )
    difficulty = {st.uri: rng.uniform(-0.8, 1.2) for st in standards}
    return District("Lincoln Unified (demo)", standards, sections, difficulty)
