"""The double-entry ledger: every movement of money as a transaction of balanced entries.

An entry moves an amount into (positive: a debit) or out of (negative: a credit) one account;
a transaction's entries sum to zero in its currency, so the whole ledger does too. Balances
are only ever derived by summing entries; none is stored on its own.

Accounts, and what a charge, a refund and a payout write to them:

    account      holds                                     charge    refund    payout
    provider     money the provider keeps for the platform +price    -price    -amount
    commission   the platform's revenue                    -comm     +comm
    tutor:<id>   what the platform owes that tutor         -payout   +payout   +amount
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from subgraphs.payments.money import Money, Split

__all__ = [
    "PROVIDER",
    "REVENUE",
    "Account",
    "AccountKind",
    "Entry",
    "LedgerError",
    "Transaction",
    "TransactionKind",
    "balances",
    "charge",
    "imbalance",
    "payout",
    "refund",
    "tutor_balance",
]


class LedgerError(ValueError):
    """A movement the ledger refuses: unbalanced, empty, or more than a balance holds."""


class AccountKind(Enum):
    PROVIDER = "provider"
    COMMISSION = "commission"
    TUTOR = "tutor"


@dataclass(frozen=True, slots=True)
class Account:
    kind: AccountKind
    owner: str = ""  # the tutor's id for a tutor's account, else empty

    def __post_init__(self) -> None:
        if (self.kind is AccountKind.TUTOR) != bool(self.owner):
            raise LedgerError("a tutor's account, and only that, names its owner")

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.owner}" if self.owner else self.kind.value

    @classmethod
    def parse(cls, text: str) -> Account:
        kind, _, owner = text.partition(":")
        return cls(AccountKind(kind), owner)

    @classmethod
    def tutor(cls, tutor_id: str) -> Account:
        return cls(AccountKind.TUTOR, tutor_id)


PROVIDER = Account(AccountKind.PROVIDER)
REVENUE = Account(AccountKind.COMMISSION)


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    account: Account
    amount: Money  # positive: into the account (debit); negative: out of it (credit)


class TransactionKind(Enum):
    CHARGE = "CHARGE"
    REFUND = "REFUND"
    PAYOUT = "PAYOUT"


@dataclass(frozen=True, slots=True, kw_only=True)
class Transaction:
    """Balanced entries under one `reference` (the payment, refund or payout they record)."""

    kind: TransactionKind
    reference: str
    entries: tuple[Entry, ...]

    def __post_init__(self) -> None:
        if len(self.entries) < 2:
            raise LedgerError("a transaction moves money between at least two accounts")
        currencies = {entry.amount.currency for entry in self.entries}
        if len(currencies) != 1:
            raise LedgerError("a transaction is in one currency")
        if sum(entry.amount.minor for entry in self.entries) != 0:
            raise LedgerError("a transaction's entries must sum to zero")

    @property
    def currency(self) -> str:
        return self.entries[0].amount.currency


def charge(reference: str, split: Split, tutor_id: str) -> Transaction:
    """A payment that succeeded: the provider holds the price, split between the platform's
    commission and what is owed to the tutor (accounts whose share is zero are left out)."""
    if split.price.minor <= 0:
        raise LedgerError("a charge is for a positive price")
    entries = [
        Entry(account=PROVIDER, amount=split.price),
        Entry(account=REVENUE, amount=-split.commission),
        Entry(account=Account.tutor(tutor_id), amount=-split.payout),
    ]
    return Transaction(
        kind=TransactionKind.CHARGE,
        reference=reference,
        entries=tuple(entry for entry in entries if entry.amount.minor != 0),
    )


def refund(reference: str, of: Transaction) -> Transaction:
    """The whole charge `of` given back: each of its entries reversed."""
    if of.kind is not TransactionKind.CHARGE:
        raise LedgerError("only a charge can be refunded")
    reversed_entries = tuple(Entry(account=e.account, amount=-e.amount) for e in of.entries)
    return Transaction(kind=TransactionKind.REFUND, reference=reference, entries=reversed_entries)


def payout(reference: str, tutor_id: str, amount: Money, entries: Iterable[Entry]) -> Transaction:
    """`amount` paid out to the tutor from their balance in `entries`; never more than it."""
    if amount.minor <= 0:
        raise LedgerError("a payout is of a positive amount")
    available = tutor_balance(entries, tutor_id, amount.currency)
    if amount.minor > available.minor:
        raise LedgerError(
            f"the payout ({amount.minor}) exceeds the tutor's balance ({available.minor})"
        )
    return Transaction(
        kind=TransactionKind.PAYOUT,
        reference=reference,
        entries=(
            Entry(account=Account.tutor(tutor_id), amount=amount),
            Entry(account=PROVIDER, amount=-amount),
        ),
    )


def balances(entries: Iterable[Entry]) -> dict[tuple[Account, str], Money]:
    """Each account's balance per currency: the sum of its entries (debit-positive)."""
    sums: defaultdict[tuple[Account, str], int] = defaultdict(int)
    for entry in entries:
        sums[(entry.account, entry.amount.currency)] += entry.amount.minor
    return {key: Money(minor=minor, currency=key[1]) for key, minor in sums.items()}


def tutor_balance(entries: Iterable[Entry], tutor_id: str, currency: str) -> Money:
    """What the platform owes the tutor: their account's credit balance."""
    account = Account.tutor(tutor_id)
    owed = -sum(
        e.amount.minor for e in entries if e.account == account and e.amount.currency == currency
    )
    return Money(minor=owed, currency=currency)


def imbalance(entries: Iterable[Entry]) -> dict[str, int]:
    """The reconciliation: per currency, what the ledger's entries sum to when not zero (an
    empty answer is a balanced ledger)."""
    sums: defaultdict[str, int] = defaultdict(int)
    for entry in entries:
        sums[entry.amount.currency] += entry.amount.minor
    return {currency: total for currency, total in sums.items() if total != 0}
