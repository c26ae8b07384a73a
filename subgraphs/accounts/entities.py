"""The `User` entity accounts owns, and the `Role` enum."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from shared.errors import BadUserInput
from subgraphs.accounts.context import Info
from subgraphs.accounts.records import RoleName, UserRecord

__all__ = ["Role", "User"]

Role = strawberry.enum(RoleName, name="Role", description="What a user does on the platform.")


@strawberry.federation.type(
    keys=["id"],
    description="A person with an account. email is shown only to its holder and to admins.",
)
class User:
    id: strawberry.ID
    display_name: str = strawberry.field(description="Shown to other users; 1 to 80 characters.")
    role: RoleName
    timezone: str = strawberry.field(description="IANA time zone name, e.g. Europe/Berlin.")
    created_at: datetime
    email_address: strawberry.Private[str]
    # Set where the answer goes to the account holder before they hold a token (sign-up/in).
    email_revealed: strawberry.Private[bool] = False

    @strawberry.field
    def email(self, info: Info) -> str | None:
        """The sign-in address: shown to the account holder and to admins, else null."""
        if self.email_revealed:
            return self.email_address
        viewer = info.context.viewer
        if viewer is not None and (viewer.user_id == self.id or viewer.role == RoleName.ADMIN):
            return self.email_address
        return None

    @classmethod
    def from_record(cls, record: UserRecord, *, reveal_email: bool = False) -> User:
        return cls(
            id=strawberry.ID(record.id),
            display_name=record.display_name,
            role=record.role,
            timezone=record.timezone,
            created_at=record.created_at,
            email_address=record.email,
            email_revealed=reveal_email,
        )

    @classmethod
    async def resolve_reference(cls, info: Info, **representation: Any) -> User | None:
        # Keyword catch-all: a representation with a missing or extra key is the caller's
        # mistake and gets BAD_USER_INPUT, not Python's TypeError as an internal error.
        user_id = representation.get("id")
        if not isinstance(user_id, str):
            raise BadUserInput("a User representation needs a string id")
        record = await info.context.users.load(user_id)
        return None if record is None else cls.from_record(record)
