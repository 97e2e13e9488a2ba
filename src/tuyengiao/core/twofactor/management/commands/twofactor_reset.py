"""``tuyengiao twofactor_reset --user USERNAME``: turn two-step sign-in off for a person who
lost their phone and their recovery codes. If it is required of them, they set up a new app at
their next sign-in. Audited as done by the system."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tuyengiao.core.actors import SYSTEM
from tuyengiao.core.models import User
from tuyengiao.core.twofactor.services import twofactor_remove


class Command(BaseCommand):
    help = (
        "Tắt xác thực hai bước của một người (mất điện thoại và mã dự phòng); nếu vai trò của "
        "họ bắt buộc xác thực hai bước, họ sẽ cài đặt lại ở lần đăng nhập sau."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="Tên đăng nhập.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            person = User.objects.get(username=options["user"])
        except User.DoesNotExist:
            raise CommandError(f"Không có tài khoản “{options['user']}”.") from None
        try:
            twofactor_remove(actor=SYSTEM, person=person)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"Đã tắt xác thực hai bước của “{person.get_username()}”.")
