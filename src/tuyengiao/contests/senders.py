"""Delivery of one-time codes to phones.

``CONTESTS_CODE_SENDER`` names a class with ``send(phone, message)``; the default writes the
message to the log (the console of ``make run``), which is what a demo or a test machine
needs. A deployment names a class that calls its SMS gateway.
"""

from __future__ import annotations

import logging
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("tuyengiao.contests.codes")


class CodeSender(Protocol):
    def send(self, phone: str, message: str) -> None: ...


class ConsoleSender:
    """Writes the message to the log instead of sending it."""

    def send(self, phone: str, message: str) -> None:
        logger.warning("Tin nhắn tới %s: %s", phone, message)


def code_sender() -> CodeSender:
    path = getattr(settings, "CONTESTS_CODE_SENDER", "tuyengiao.contests.senders.ConsoleSender")
    return import_string(path)()
