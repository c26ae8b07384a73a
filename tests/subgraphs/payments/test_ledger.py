"""The ledger: any sequence of charges, refunds and payouts keeps it balanced, and a tutor's
balance is what their unrefunded sales earned them minus what they were paid."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subgraphs.payments.ledger import (
    PROVIDER,
    REVENUE,
    Account,
    Entry,
    LedgerError,
    Transaction,
    TransactionKind,
    balances,
    charge,
    imbalance,
    payout,
    refund,
    tutor_balance,
)
from subgraphs.payments.money import DEFAULT_COMMISSION, CommissionRate, Money

TUTORS = ["tutor-0001", "tutor-0002", "tutor-0003"]

# A step: (what, tutor index, price or payout amount, which earlier charge to refund).
STEPS = st.lists(
    st.tuples(
        st.sampled_from(["charge", "refund", "payout"]),
        st.integers(0, len(TUTORS) - 1),
        st.integers(1, 100_000),
        st.integers(0, 50),
    ),
    max_size=40,
)


@settings(max_examples=300)
@given(steps=STEPS, rate=st.integers(0, 10_000))
def test_any_sequence_keeps_the_ledger_balanced_and_the_tutors_paid_right(
    steps: list[tuple[str, int, int, int]], rate: int
) -> None:
    commission = CommissionRate(rate)
    ledger: list[Transaction] = []
    charges: list[tuple[Transaction, str, int]] = []  # the charge, its tutor, its payout
    refunded: set[int] = set()
    earned = dict.fromkeys(TUTORS, 0)
    paid = dict.fromkeys(TUTORS, 0)
    for number, (what, who, amount, pick) in enumerate(steps):
        tutor = TUTORS[who]
        entries = [entry for transaction in ledger for entry in transaction.entries]
        if what == "charge":
            split = commission.split(Money(minor=amount, currency="EUR"))
            done = charge(f"payment-{number}", split, tutor)
            charges.append((done, tutor, split.payout.minor))
            earned[tutor] += split.payout.minor
        elif what == "refund":
            if not charges or pick % len(charges) in refunded:
                continue
            index = pick % len(charges)
            original, owner, share = charges[index]
            done = refund(f"refund-{number}", original)
            refunded.add(index)
            earned[owner] -= share
        else:
            wanted = Money(minor=amount, currency="EUR")
            if amount > earned[tutor] - paid[tutor]:
                with pytest.raises(LedgerError, match="exceeds"):
                    payout(f"payout-{number}", tutor, wanted, entries)
                continue
            done = payout(f"payout-{number}", tutor, wanted, entries)
            paid[tutor] += amount
        ledger.append(done)
        everything = [entry for transaction in ledger for entry in transaction.entries]
        assert imbalance(everything) == {}
    everything = [entry for transaction in ledger for entry in transaction.entries]
    for tutor in TUTORS:
        assert tutor_balance(everything, tutor, "EUR").minor == earned[tutor] - paid[tutor]
    sums = balances(everything)
    held = sums.get((PROVIDER, "EUR"), Money.zero("EUR")).minor
    revenue = -sums.get((REVENUE, "EUR"), Money.zero("EUR")).minor
    owed = sum(earned[t] - paid[t] for t in TUTORS)
    assert held == revenue + owed  # what the provider holds is the platform's plus the tutors'


def test_a_lesson_charge_writes_the_split() -> None:
    split = DEFAULT_COMMISSION.split(Money(minor=5_000, currency="EUR"))
    done = charge("payment-1", split, "tutor-0007")
    amounts = {str(e.account): e.amount.minor for e in done.entries}
    assert amounts == {"provider": 5_000, "commission": -1_000, "tutor:tutor-0007": -4_000}
    assert done.kind is TransactionKind.CHARGE
    assert done.currency == "EUR"
    back = refund("refund-1", done)
    assert imbalance([*done.entries, *back.entries]) == {}
    assert tutor_balance([*done.entries, *back.entries], "tutor-0007", "EUR").minor == 0


def test_a_zero_share_leaves_its_account_out() -> None:
    split = CommissionRate(0).split(Money(minor=100, currency="EUR"))
    done = charge("payment-2", split, "tutor-0001")
    assert [str(e.account) for e in done.entries] == ["provider", "tutor:tutor-0001"]


def test_unbalanced_or_odd_transactions_are_refused() -> None:
    euro = Money(minor=1, currency="EUR")
    with pytest.raises(LedgerError, match="sum to zero"):
        Transaction(
            kind=TransactionKind.CHARGE,
            reference="x",
            entries=(Entry(account=PROVIDER, amount=euro), Entry(account=REVENUE, amount=euro)),
        )
    with pytest.raises(LedgerError, match="one currency"):
        Transaction(
            kind=TransactionKind.CHARGE,
            reference="x",
            entries=(
                Entry(account=PROVIDER, amount=euro),
                Entry(account=REVENUE, amount=Money(minor=-1, currency="USD")),
            ),
        )
    with pytest.raises(LedgerError, match="at least two"):
        Transaction(kind=TransactionKind.CHARGE, reference="x", entries=())
    with pytest.raises(LedgerError, match="positive price"):
        charge("x", DEFAULT_COMMISSION.split(Money.zero("EUR")), "tutor-0001")
    with pytest.raises(LedgerError, match="only a charge"):
        refund("y", refund("x", charge("c", DEFAULT_COMMISSION.split(euro), "tutor-0001")))
    with pytest.raises(LedgerError, match="positive amount"):
        payout("p", "tutor-0001", Money.zero("EUR"), [])


def test_accounts_print_and_parse_back() -> None:
    for account in (PROVIDER, REVENUE, Account.tutor("tutor-0042")):
        assert Account.parse(str(account)) == account
    with pytest.raises(LedgerError):
        Account.parse("tutor")
    with pytest.raises(LedgerError):
        Account.parse("provider:someone")
