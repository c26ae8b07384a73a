"""The payments subgraph: payments for lessons and courses, the platform's commission, a
double-entry ledger of charges, refunds and payouts (PostgreSQL; Stripe as the provider)."""

from subgraphs.payments.money import CommissionRate, Money, Split

__all__ = ["CommissionRate", "Money", "Split"]
