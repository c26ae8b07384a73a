"""Mail accounts sends: sign-up confirmations, and the notice that an address already has an
account. Sign-up answers the same whichever of the two it sent, so only the address's owner
learns which; see docs/subgraphs/accounts.md, "Sign-up".

Delivery is a `Mailer`. `DirectoryMailer` writes each message as an `.eml` file (RFC 5322) into
a directory: what `task up` uses (`.data/mail/`) and what the tests read. No SMTP sender exists
yet; a deployment without `ACCOUNTS_MAIL_DIR` gets `UndeliveredMailer`, which logs that a message
could not be sent (never its content, which holds a sign-up token).
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import time
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from typing import Final, Protocol

__all__ = ["SENDER", "DirectoryMailer", "Mail", "Mailer", "UndeliveredMailer", "read_mailbox"]

SENDER: Final = "tutorgraph <no-reply@tutorgraph.invalid>"

log = logging.getLogger("subgraphs.accounts.mail")


@dataclass(frozen=True, slots=True, kw_only=True)
class Mail:
    to: str
    subject: str
    body: str


class Mailer(Protocol):
    async def send(self, mail: Mail) -> None: ...


class DirectoryMailer:
    """Each message becomes `<directory>/<nanoseconds>-<random>.eml`, readable by its owner only."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    async def send(self, mail: Mail) -> None:
        await asyncio.to_thread(self._write, mail)

    def _write(self, mail: Mail) -> None:
        message = EmailMessage()
        message["From"] = SENDER
        message["To"] = mail.to
        message["Subject"] = mail.subject
        message["Date"] = formatdate(localtime=False)
        message.set_content(mail.body)
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        name = f"{time.time_ns()}-{secrets.token_hex(4)}.eml"
        partial = self.directory / f".{name}.partial"
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(message.as_bytes())
        os.replace(partial, self.directory / name)


class UndeliveredMailer:
    """No mail transport configured: the message is dropped, and the log says so."""

    async def send(self, mail: Mail) -> None:
        log.warning(
            "no mail transport (set ACCOUNTS_MAIL_DIR): not sent to %s: %s", mail.to, mail.subject
        )


def read_mailbox(directory: Path) -> list[EmailMessage]:
    """The messages a `DirectoryMailer` wrote, oldest first (for people and tests reading them)."""
    from email import policy
    from email.parser import BytesParser

    parser = BytesParser(policy=policy.default)
    files = sorted(directory.glob("*.eml"), key=lambda p: int(p.name.split("-", 1)[0]))
    messages = []
    for path in files:
        parsed = parser.parsebytes(path.read_bytes())
        assert isinstance(parsed, EmailMessage)
        messages.append(parsed)
    return messages
