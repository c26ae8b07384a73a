"""Enrolling with a payment receipt and completing lessons: only receipts payments signed for a
course enroll, once per receipt however often (and however concurrently) it is delivered, and
progress counts each lesson of the viewer's own enrollment once."""

from __future__ import annotations

import asyncio
import base64
import json

import pytest

from shared.receipts import Paid
from shared.signing import Signer
from subgraphs.learning.store import Store
from tests.subgraphs.learning.helpers import (
    ADMIN,
    COMPLETE,
    ENROLL,
    OTHER_STUDENT,
    STUDENT,
    codes,
    put_course,
    receipt,
    run,
)

pytestmark = pytest.mark.stores


async def test_a_receipt_enrolls_its_student_in_its_course(
    store: Store, signing_secret: bytes
) -> None:
    await put_course(store)
    token = receipt(signing_secret)
    result = await run(store, ENROLL, {"receipt": token}, secret=signing_secret)
    assert result.errors is None
    enrollment = result.data["enrollInCourse"]
    assert enrollment["id"].startswith("enrollment-")
    assert enrollment["course"] == {"id": "course-1"}
    assert enrollment["student"] == {"id": STUDENT.user_id}
    assert enrollment["payment"] == {"id": "payment-1"}
    assert enrollment["progress"] == {
        "completedLessons": 0,
        "lessonCount": 3,
        "finished": False,
        "completedLessonIds": [],
    }
    stored = (await store.enrollments_of([STUDENT.user_id]))[STUDENT.user_id]
    assert [(e.id, e.payment_id) for e in stored] == [(enrollment["id"], "payment-1")]


async def test_the_same_receipt_twice_or_at_once_is_one_enrollment(
    store: Store, signing_secret: bytes
) -> None:
    await put_course(store)
    token = receipt(signing_secret)
    deliveries = await asyncio.gather(
        *(run(store, ENROLL, {"receipt": token}, secret=signing_secret) for _ in range(6))
    )
    again = await run(store, ENROLL, {"receipt": token}, viewer=STUDENT, secret=signing_secret)
    assert all(d.errors is None for d in [*deliveries, again])
    ids = {d.data["enrollInCourse"]["id"] for d in [*deliveries, again]}
    assert len(ids) == 1
    stored = (await store.enrollments_of([STUDENT.user_id]))[STUDENT.user_id]
    assert [e.id for e in stored] == list(ids)


async def test_a_second_payment_for_the_same_course_is_already_enrolled(
    store: Store, signing_secret: bytes
) -> None:
    await put_course(store)
    first = receipt(signing_secret, payment="payment-1")
    second = receipt(signing_secret, payment="payment-2")
    assert (await run(store, ENROLL, {"receipt": first}, secret=signing_secret)).errors is None
    result = await run(store, ENROLL, {"receipt": second}, secret=signing_secret)
    assert codes(result) == ["ALREADY_ENROLLED"]


def _tampered(token: str, **changes: object) -> str:
    body, _, mac = token.partition(".")
    fields = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    fields.update(changes)
    raw = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=") + "." + mac


@pytest.mark.parametrize(
    "kind",
    ["forged", "altered", "booking", "quote-kind", "garbage", "empty", "other-tutor"],
)
async def test_a_receipt_payments_did_not_sign_for_a_course_is_invalid(
    store: Store, signing_secret: bytes, kind: str
) -> None:
    await put_course(store)
    genuine = receipt(signing_secret)
    token = {
        "forged": receipt(b"x" * 48),
        "altered": _tampered(genuine, student=OTHER_STUDENT.user_id),
        "booking": receipt(signing_secret, paid=Paid.BOOKING),
        "quote-kind": Signer(signing_secret, "quote").sign({"payment": "payment-1"}),
        "garbage": "not.a-receipt",
        "empty": "",
        "other-tutor": receipt(signing_secret, tutor="tutor-0999"),
    }[kind]
    result = await run(store, ENROLL, {"receipt": token}, viewer=STUDENT, secret=signing_secret)
    assert codes(result) == ["INVALID_RECEIPT"]
    [error] = result.errors
    assert error.extensions == {"code": "INVALID_RECEIPT", "argument": "receipt"}
    assert error.message.startswith("receipt")
    assert result.data is None
    assert await store.enrollments_of([STUDENT.user_id, OTHER_STUDENT.user_id]) == {
        STUDENT.user_id: (),
        OTHER_STUDENT.user_id: (),
    }


async def test_a_viewer_delivers_only_their_own_receipt(
    store: Store, signing_secret: bytes
) -> None:
    await put_course(store)
    token = receipt(signing_secret)
    other = await run(
        store, ENROLL, {"receipt": token}, viewer=OTHER_STUDENT, secret=signing_secret
    )
    assert codes(other) == ["FORBIDDEN"]
    by_admin = await run(store, ENROLL, {"receipt": token}, viewer=ADMIN, secret=signing_secret)
    assert by_admin.data["enrollInCourse"]["student"] == {"id": STUDENT.user_id}


async def test_a_receipt_for_a_draft_or_unknown_course_enrolls_nobody(
    store: Store, signing_secret: bytes
) -> None:
    await put_course(store, published=False)
    for course in ("course-1", "course-404"):
        token = receipt(signing_secret, course=course, payment=f"payment-{course}")
        result = await run(store, ENROLL, {"receipt": token}, secret=signing_secret)
        assert codes(result) == ["NOT_FOUND"]


async def test_completing_lessons_is_idempotent_and_in_course_order(
    store: Store, signing_secret: bytes
) -> None:
    await put_course(store)
    await put_course(store, 2)
    await run(store, ENROLL, {"receipt": receipt(signing_secret)}, secret=signing_secret)

    async def complete(lesson: str, viewer: object = STUDENT) -> object:
        variables = {"course": "course-1", "lesson": lesson}
        return await run(store, COMPLETE, variables, viewer=viewer, secret=signing_secret)

    results = await asyncio.gather(*(complete("lesson-1-3") for _ in range(3)))
    assert all(r.errors is None for r in results)
    await complete("lesson-1-1")
    result = await complete("lesson-1-1")
    assert result.data["completeLesson"]["progress"] == {
        "completedLessons": 2,
        "lessonCount": 3,
        "finished": False,
        "completedLessonIds": ["lesson-1-1", "lesson-1-3"],
    }
    assert codes(await complete("lesson-2-1")) == ["NOT_FOUND"]  # another course's lesson
    assert codes(await complete("lesson-1-2", OTHER_STUDENT)) == ["NOT_FOUND"]  # not enrolled
    assert codes(await complete("lesson-\x00")) == ["NOT_FOUND"]
    assert codes(await complete("lesson-1-2", None)) == ["UNAUTHENTICATED"]
    done = await complete("lesson-1-2")
    assert done.data["completeLesson"]["progress"]["finished"] is True
    assert await store.may_review(STUDENT.user_id, "course-1")
