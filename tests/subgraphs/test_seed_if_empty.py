"""`seed --if-empty`, what `task up` runs at every start: it seeds an empty store and keeps one
that holds data (anyone's: a sign-up, a booking, a review, a course, a payment), saying which;
`seed` resets."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import pytest

from shared.stores import StoreUrls
from subgraphs.accounts.records import NewUser, RoleName
from subgraphs.accounts.settings import database_url
from subgraphs.accounts.store import AccountsStore
from subgraphs.learning.model import Course, Level
from subgraphs.learning.settings import Settings as LearningSettings
from subgraphs.learning.store import Store as LearningStore
from subgraphs.payments.model import Payment, PaymentStatus, Purpose
from subgraphs.payments.money import DEFAULT_COMMISSION, Money
from subgraphs.payments.settings import Settings as PaymentsSettings
from subgraphs.payments.store import Store as PaymentsStore
from subgraphs.reviews.model import NewReview
from subgraphs.reviews.settings import Settings as ReviewSettings
from subgraphs.reviews.store import ReviewStore
from subgraphs.scheduling.model import Booking, BookingStatus
from subgraphs.scheduling.settings import Settings as SchedulingSettings
from subgraphs.scheduling.store import Store as SchedulingStore
from subgraphs.tutors.model import TutorRecord
from subgraphs.tutors.settings import Settings as TutorSettings
from subgraphs.tutors.store import TutorStore

pytestmark = pytest.mark.stores

NOW = datetime(2027, 1, 4, 10, 0, tzinfo=UTC)
REVIEWS_DATABASE = "reviews_seed_if_empty"


def _seed(name: str, *flags: str) -> str:
    env = {**os.environ, "REVIEWS_MONGO_DATABASE": REVIEWS_DATABASE}
    done = subprocess.run(
        [sys.executable, "-m", f"subgraphs.{name}", "seed", *flags],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return done.stdout.strip()


async def _accounts(write: bool) -> bool:
    store = AccountsStore.connect(database_url())
    try:
        if write:
            user = NewUser(
                id="user-kept",
                email="kept@example.org",
                display_name="Kept",
                role=RoleName.STUDENT,
                timezone="Europe/Berlin",
                password_hash="x",
                created_at=NOW,
            )
            await store.create_user(user)
        return "user-kept" in await store.users_by_ids(["user-kept"])
    finally:
        await store.close()


async def _tutors(write: bool) -> bool:
    store = await TutorStore.open(TutorSettings.from_env())
    try:
        if write:
            tutor = TutorRecord(
                id="tutor-kept",
                user_id="user-kept",
                headline="Kept",
                bio="Kept.",
                rate_amount=20.0,
                rate_currency="EUR",
                languages=("en",),
            )
            assert await store.create_tutor(tutor)
        return "tutor-kept" in await store.tutors_by_id(["tutor-kept"])
    finally:
        await store.close()


async def _reviews(write: bool) -> bool:
    store = ReviewStore(
        ReviewSettings.from_env({**os.environ, "REVIEWS_MONGO_DATABASE": REVIEWS_DATABASE})
    )
    await store.open()
    try:
        if write:
            review = NewReview(
                id="review-kept",
                tutor_id="tutor-0001",
                author_id="user-kept",
                rating=5,
                comment="Kept.",
                created_at=NOW,
            )
            await store.insert(review)
        return "review-kept" in await store.reviews_by_id(["review-kept"])
    finally:
        await store.close()


async def _scheduling(write: bool) -> bool:
    store = SchedulingStore.connect(SchedulingSettings.from_env())
    try:
        if write:
            start = NOW + timedelta(days=400)
            booking = Booking(
                id="booking-kept",
                tutor_id="tutor-0001",
                student_id="user-kept",
                start=start,
                end=start + timedelta(hours=1),
                status=BookingStatus.CONFIRMED,
                created_at=NOW,
            )
            await store.insert_booking(booking, NOW)
        return "booking-kept" in await store.bookings_by_id(["booking-kept"])
    finally:
        await store.close()


async def _learning(write: bool) -> bool:
    store = LearningStore.connect(LearningSettings.from_env())
    try:
        if write:
            course = Course(
                id="course-kept",
                tutor_id="tutor-0001",
                subject_id="subject-algebra",
                title="Kept",
                description="Kept.",
                level=Level.BEGINNER,
                price_minor=1_000,
                currency="USD",
                published=False,
                created_at=NOW,
            )
            await store.create_course(course)
        return "course-kept" in await store.courses_by_id(["course-kept"])
    finally:
        await store.close()


async def _payments(write: bool) -> bool:
    store = PaymentsStore.connect(PaymentsSettings.from_env())
    try:
        if write:
            price = Money(minor=5_000, currency="USD")
            payment = Payment(
                id="payment-kept",
                purpose=Purpose.BOOKING,
                reference="booking-kept",
                student_id="user-kept",
                tutor_id="tutor-0001",
                amount=price,
                commission=DEFAULT_COMMISSION.split(price).commission,
                status=PaymentStatus.PENDING,
                provider_id=None,
                created_at=NOW,
            )
            await store.open(payment)
        return "payment-kept" in await store.payments_by_id(["payment-kept"])
    finally:
        await store.close()


WRITERS: dict[str, Callable[[bool], Awaitable[bool]]] = {
    "accounts": _accounts,
    "tutors": _tutors,
    "reviews": _reviews,
    "scheduling": _scheduling,
    "learning": _learning,
    "payments": _payments,
}


@pytest.mark.parametrize("name", list(WRITERS))
def test_seed_if_empty_keeps_what_was_stored_and_seed_resets(stores: StoreUrls, name: str) -> None:
    check = WRITERS[name]
    assert _seed(name).startswith(f"{name}: seeded ")
    assert not asyncio.run(check(False))
    assert asyncio.run(check(True))
    kept = _seed(name, "--if-empty")
    assert kept.startswith(f"{name}: kept "), kept
    assert asyncio.run(check(False)), f"{name}: seed --if-empty lost stored data"
    assert _seed(name).startswith(f"{name}: seeded ")
    assert not asyncio.run(check(False)), f"{name}: seed did not reset"
