"""Base models shared by every app, and the platform's user."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """A row that remembers when it was created and last changed."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class User(AbstractUser):
    """A person who signs in.

    Vietnamese names put the family name first and address people by the given name, the
    last word: ``last_name`` ("Họ") holds the family and middle names (Nguyễn Thị Minh),
    ``first_name`` ("Tên") the given name (Phương).
    """

    # When the password last changed: API tokens made before it stop working (api/auth.py),
    # so a leaked password's holder cannot keep a token once the owner changes it.
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def set_password(self, raw_password: str | None) -> None:
        """Set the password and remember when (saved with the user, as the password is)."""
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    def get_full_name(self) -> str:
        """``Nguyễn Thị Minh Phương``: family and middle names, then the given name."""
        return " ".join(part for part in (self.last_name, self.first_name) if part)

    def get_short_name(self) -> str:
        return self.first_name


class TaskWorker(models.Model):
    """A running background-task worker (``tuyengiao db_worker``) and when it last said so.

    The worker writes its row at start, refreshes ``last_seen`` every
    ``TASK_HEARTBEAT_SECONDS`` from a thread of its own (also while a long task runs) and
    deletes the row when it stops cleanly. A row not refreshed for ``TASK_LEASE_SECONDS``
    belongs to a worker that died: its running task is recovered (core/task_recovery.py).
    """

    # The id the worker writes into each task result it claims (DBTaskResult.worker_ids).
    worker_id = models.CharField(_("worker id"), max_length=64, primary_key=True)
    host = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started at"))
    last_seen = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        verbose_name = _("background task worker")
        verbose_name_plural = _("background task workers")
        ordering = ["started_at"]

    def __str__(self) -> str:
        return f"{self.host}:{self.pid} ({self.worker_id})"
