"""Background work of the contests (django-tasks): sending one-time codes.

The task's stored arguments are a row id only: the phone number stays in its row and the
code is drawn in the worker, so neither sits in clear in the task queue.
"""

from __future__ import annotations

from django_tasks import task


@task()
def send_phone_code(phone_code_id: int) -> bool:
    """Draw and send the code of a recorded code request; whether a message left."""
    from tuyengiao.contests.services import phone_code_deliver

    return phone_code_deliver(phone_code_id=phone_code_id)
