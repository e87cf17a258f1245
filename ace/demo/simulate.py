"""Statements a blended-learning week produces, as the district's apps would send them.

Four apps, each with its own LRS credential:
- Quizzly: short standards-aligned quizzes (`completed`, `result.score.scaled`);
- RubricPad: the teacher's rubric score of a weekly project (`scored`, raw 1-4);
- Reflect Journal: self-assessment (raw 1-4), goal setting and reflection (ACE profile verbs);
- PlaylistHub: lessons and games on a playlist (`experienced`), some not aligned to any standard.

Learning is simulated: each practice raises the chance of success on that standard.
"""

from __future__ import annotations

import math
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

from ace.demo.district import ACTIVITY_BASE, ClassSection, District, Standard, Student
from schemas import profile as p

LOCAL_TZ = timezone(timedelta(hours=-5))
APPS = ("Quizzly", "RubricPad", "Reflect Journal", "PlaylistHub")


@dataclass(frozen=True)
class SimulatedStatement:
    app: str
    day: date
    statement: dict[str, object]


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _activity(path: str, name: str, kind: str) -> dict[str, object]:
    return {
        "objectType": "Activity",
        "id": f"{ACTIVITY_BASE}/{path}",
        "definition": {"name": {"en-US": name}, "type": kind},
    }


def _verb(iri: str) -> dict[str, object]:
    return {"id": iri, "display": {"en-US": iri.rsplit("/", 1)[-1]}}


class WeekSimulator:
    """Generates one district's statements, day by day, deterministically from a seed."""

    def __init__(self, district: District, rng: random.Random) -> None:
        self.district = district
        self.rng = rng
        standards = district.standards
        self.units = [standards[i : i + 4] for i in range(0, len(standards), 4)]

    def p_success(self, student: Student, standard: Standard) -> float:
        practice = student.practice.get(standard.uri, 0)
        return _sigmoid(
            student.ability - self.district.difficulty[standard.uri] + 0.35 * practice - 0.4
        )

    def _context(
        self, section: ClassSection, app: str, standards: list[Standard], registration: str
    ) -> dict[str, object]:
        grouping = [
            _activity(f"classes/{section.sourced_id}", section.title, p.ACTIVITY_CLASS),
            _activity(f"schools/{section.school_id}", section.school_name, p.ACTIVITY_SCHOOL),
        ]
        context: dict[str, object] = {
            "registration": registration,
            "platform": app,
            "language": "en-US",
            "contextActivities": {"grouping": grouping},
        }
        if standards:
            context["contextActivities"]["category"] = [  # type: ignore[index]
                {
                    "objectType": "Activity",
                    "id": st.uri,
                    "definition": {"type": p.ACTIVITY_OBJECTIVE, "name": {"en-US": st.code}},
                }
                for st in standards
            ]
        return context

    def _stmt(
        self,
        when: datetime,
        student: Student,
        verb: str,
        obj: dict[str, object],
        context: dict[str, object],
        result: dict[str, object] | None = None,
    ) -> dict[str, object]:
        stmt: dict[str, object] = {
            "id": str(uuid.UUID(int=self.rng.getrandbits(128), version=4)),
            "actor": student.actor,
            "verb": _verb(verb),
            "object": obj,
            "context": context,
            "timestamp": when.isoformat(timespec="milliseconds"),
        }
        if result is not None:
            stmt["result"] = result
        return stmt

    def days(self, start: date, n_days: int) -> Iterator[date]:
        for offset in range(n_days):
            day = start + timedelta(days=offset)
            if day.weekday() < 5:
                yield day

    def simulate(self, start: date, n_days: int) -> Iterator[SimulatedStatement]:
        for day in self.days(start, n_days):
            week = (day - start).days // 7
            unit = self.units[week % len(self.units)]
            for section in self.district.classes:
                registration = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
                for student in section.students:
                    yield from self._student_day(day, section, student, unit, registration)

    def _at(self, day: date, hour: int, minute: int) -> datetime:
        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL_TZ)

    def _student_day(
        self,
        day: date,
        section: ClassSection,
        student: Student,
        unit: list[Standard],
        registration: str,
    ) -> Iterator[SimulatedStatement]:
        rng = self.rng
        if day.weekday() == 0:
            yield from self._monday(day, section, student, unit, registration)
        focus = unit[day.weekday() % len(unit)]
        if rng.random() < student.engagement:  # playlist: a lesson on today's focus
            ctx = self._context(section, "PlaylistHub", [focus], registration)
            lesson = _activity(
                f"playlist/lessons/{focus.code}", f"Lesson: {focus.code}", p.ACTIVITY_LESSON
            )
            yield SimulatedStatement(
                "PlaylistHub",
                day,
                self._stmt(
                    self._at(day, 9, rng.randrange(60)), student, p.VERB_EXPERIENCED, lesson, ctx
                ),
            )
            student.practice[focus.uri] = student.practice.get(focus.uri, 0) + 1
        if rng.random() < 0.25:  # a game nobody aligned to a standard: alignment drift
            ctx = self._context(section, "PlaylistHub", [], registration)
            game = _activity("playlist/games/number-ninja", "Number Ninja", p.ACTIVITY_LESSON)
            yield SimulatedStatement(
                "PlaylistHub",
                day,
                self._stmt(
                    self._at(day, 10, rng.randrange(60)), student, p.VERB_EXPERIENCED, game, ctx
                ),
            )
        if rng.random() < 0.8:  # a five-question quiz on the focus standard
            correct = sum(rng.random() < self.p_success(student, focus) for _ in range(5))
            ctx = self._context(section, "Quizzly", [focus], registration)
            quiz = _activity(
                f"quizzly/quizzes/{focus.code}-{day.isoformat()}",
                f"Quick check {focus.code}",
                p.ACTIVITY_ASSESSMENT,
            )
            result = {
                "score": {"scaled": correct / 5, "raw": correct, "min": 0, "max": 5},
                "success": correct >= 4,
                "completion": True,
                "duration": f"PT{rng.randrange(3, 12)}M",
            }
            yield SimulatedStatement(
                "Quizzly",
                day,
                self._stmt(
                    self._at(day, 11, rng.randrange(60)),
                    student,
                    p.VERB_COMPLETED,
                    quiz,
                    ctx,
                    result,
                ),
            )
            student.practice[focus.uri] = student.practice.get(focus.uri, 0) + 1
        if day.weekday() == 4:
            yield from self._friday(day, section, student, unit, registration)

    def _level(self, student: Student, standard: Standard) -> int:
        return 1 + round(3 * self.p_success(student, standard))

    def _monday(
        self, day: date, section: ClassSection, student: Student, unit: list[Standard], reg: str
    ) -> Iterator[SimulatedStatement]:
        rng = self.rng
        for standard in unit:
            felt = self._level(student, standard) + student.confidence_bias + rng.gauss(0, 0.4)
            rating = min(4, max(1, round(felt)))
            ctx = self._context(section, "Reflect Journal", [standard], reg)
            form = _activity(
                f"journal/self-assessment/{standard.code}",
                f"How well do I know {standard.code}?",
                p.ACTIVITY_ASSESSMENT,
            )
            yield SimulatedStatement(
                "Reflect Journal",
                day,
                self._stmt(
                    self._at(day, 8, 35),
                    student,
                    p.VERB_SELF_ASSESSED,
                    form,
                    ctx,
                    {"score": {"raw": rating, "min": 1, "max": 4}},
                ),
            )
            if rating < 3 or rng.random() < 0.3:
                goal = _activity(
                    f"journal/goals/{student.sourced_id}/{standard.code}",
                    f"Reach Proficient on {standard.code}",
                    p.ACTIVITY_GOAL,
                )
                due = (day + timedelta(days=4)).isoformat()
                yield SimulatedStatement(
                    "Reflect Journal",
                    day,
                    self._stmt(
                        self._at(day, 8, 40),
                        student,
                        p.VERB_SET_GOAL,
                        goal,
                        ctx,
                        {"extensions": {p.EXT_TARGET_LEVEL: 3, p.EXT_TARGET_DATE: due}},
                    ),
                )

    def _friday(
        self, day: date, section: ClassSection, student: Student, unit: list[Standard], reg: str
    ) -> Iterator[SimulatedStatement]:
        rng = self.rng
        for standard in unit:
            score = min(
                4, max(1, round(1 + 3 * self.p_success(student, standard) + rng.gauss(0, 0.4)))
            )
            ctx = self._context(section, "RubricPad", [standard], reg)
            ctx["instructor"] = {
                "name": section.teacher_name,
                "account": {
                    "homePage": student.actor["account"]["homePage"],  # type: ignore[index]
                    "name": section.teacher_id,
                },
            }
            project = _activity(
                f"rubricpad/projects/{section.sourced_id}/{standard.code}",
                f"Project: {standard.code}",
                p.ACTIVITY_PROJECT,
            )
            yield SimulatedStatement(
                "RubricPad",
                day,
                self._stmt(
                    self._at(day, 14, rng.randrange(60)),
                    student,
                    p.VERB_SCORED,
                    project,
                    ctx,
                    {"score": {"raw": score, "min": 1, "max": 4}},
                ),
            )
        if rng.random() < student.engagement:
            standard = rng.choice(unit)
            ctx = self._context(section, "Reflect Journal", [standard], reg)
            entry = _activity(
                f"journal/reflections/{student.sourced_id}/{day.isoformat()}",
                "Weekly reflection",
                p.ACTIVITY_REFLECTION,
            )
            yield SimulatedStatement(
                "Reflect Journal",
                day,
                self._stmt(
                    self._at(day, 14, 50),
                    student,
                    p.VERB_REFLECTED,
                    entry,
                    ctx,
                    {
                        "response": f"This week I practised {standard.code}. "
                        "Next I will ask for help."
                    },
                ),
            )


def utc_start(days: int, today: date | None = None) -> date:
    """The first simulated day, so that the simulation ends yesterday."""
    today = today or datetime.now(UTC).date()
    return today - timedelta(days=days)
