"""Root query fields of the payments subgraph."""

from __future__ import annotations

import strawberry

from shared.subgraph import described
from shared.subgraph.money import Money
from subgraphs.payments.context import PaymentsInfo
from subgraphs.payments.entities import Payment
from subgraphs.payments.money import Money as Amount
from subgraphs.payments.ownership import require_admin, require_payment_reader, require_viewer
from subgraphs.payments.values import money

__all__ = ["Query"]


@strawberry.type(description="Whether the ledger's entries sum to zero in every currency.")
class LedgerReconciliation:
    balanced: bool
    imbalances: list[Money] = strawberry.field(
        description="Per currency, what the entries sum to when it is not zero (none: sound)."
    )


@strawberry.type
class Query:
    @described.field(
        description="A payment by id, for its student, its tutor and admins; null if unknown.",
        authenticated=True,
    )
    async def payment(self, info: PaymentsInfo, id: strawberry.ID) -> Payment | None:
        require_viewer(info.context.viewer)
        row = await info.context.loaders.payment.load(str(id))
        if row is None:
            return None
        require_payment_reader(info.context.viewer, row)
        return Payment.of(row)

    @described.field(
        description="The reconciliation of the double-entry ledger (admins).",
        requires_scopes=[["admin"]],
    )
    async def ledger_reconciliation(self, info: PaymentsInfo) -> LedgerReconciliation:
        require_admin(info.context.viewer)
        off = await info.context.store.imbalance()
        return LedgerReconciliation(
            balanced=not off,
            imbalances=[money(Amount(minor=t, currency=c)) for c, t in sorted(off.items())],
        )
