"""Delivery of one-time codes to phones.

``CONTESTS_CODE_SENDER`` names a class with ``send(phone, message)``; a deployment names one
that calls its SMS gateway. The message holds the code, so no sender here ever logs it, and
a phone number reaches the log only masked (``09******78``):

* :class:`ConsoleSender` sends nothing and notes that in the log: the default of a server;
* :class:`OutboxSender` writes each message to a file of an outbox folder, as Django's
  file-based e-mail backend does: the default with ``DEBUG`` on (a developer's machine, the
  demo), where someone must read the code without an SMS gateway.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger("tuyengiao.contests.codes")


class CodeSender(Protocol):
    def send(self, phone: str, message: str) -> None: ...


def mask_phone(phone: str) -> str:
    """``0912345678`` → ``09******78``: enough to tell requests apart in a log, not to call."""
    if len(phone) <= 4:
        return "*" * len(phone)
    return phone[:2] + "*" * (len(phone) - 4) + phone[-2:]


class ConsoleSender:
    """No SMS gateway: the message is not sent, and the log says so (masked number only)."""

    def send(self, phone: str, message: str) -> None:
        logger.warning(
            "No SMS gateway is configured (CONTESTS_CODE_SENDER): the code for %s was not sent.",
            mask_phone(phone),
        )


class OutboxSender:
    """Writes each message to its own file in ``CONTESTS_CODE_OUTBOX`` (default
    ``var/sms-outbox``), readable by whoever runs the platform; the log names the file."""

    def send(self, phone: str, message: str) -> None:
        folder = Path(getattr(settings, "CONTESTS_CODE_OUTBOX", settings.VAR_DIR / "sms-outbox"))
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{timezone.now():%Y%m%d-%H%M%S-%f}.txt"
        path.write_text(f"To: {phone}\n\n{message}\n", encoding="utf-8")
        logger.info("Code for %s written to %s", mask_phone(phone), path)


def code_sender() -> CodeSender:
    """The sender ``CONTESTS_CODE_SENDER`` names; unset, the outbox with ``DEBUG`` on, else the
    console notice."""
    default = OutboxSender if settings.DEBUG else ConsoleSender
    path = getattr(settings, "CONTESTS_CODE_SENDER", f"{__name__}.{default.__name__}")
    sender: CodeSender = import_string(path)()
    return sender
