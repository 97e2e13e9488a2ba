"""Activities for tests, logged through the real services."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tuyengiao.activities.models import Activity, ActivityFile, ActivityType
from tuyengiao.activities.services import activity_file_attach, activity_log
from tuyengiao.core.actors import SYSTEM
from tuyengiao.orgs.models import Unit
from tuyengiao.orgs.tests.personas import City

WARD_B_TITLE = "Hội nghị tuyên truyền phường Bình Minh"


def activity_type(code: str) -> ActivityType:
    return ActivityType.objects.get(code=code)


def log(
    unit: Unit,
    type_code: str,
    title: str,
    day: date,
    figures: dict[str, int | None] | None = None,
    **extra: Any,
) -> Activity:
    """Log an activity as the system."""
    return activity_log(
        activity_type=activity_type(type_code),
        unit=unit,
        title=title,
        start_date=day,
        figures=figures or {},
        actor=extra.pop("actor", SYSTEM),
        **extra,
    )


def png_bytes() -> bytes:
    """A small real PNG image."""
    output = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(output, format="PNG")
    return output.getvalue()


@dataclass(frozen=True)
class WardActivity:
    activity: Activity
    photo: ActivityFile


def ward_b_activity(city: City) -> WardActivity:
    """An activity of ward B with a photo, built once per test database (later calls return
    the same objects)."""
    activity = Activity.objects.filter(title=WARD_B_TITLE).first()
    if activity is None:
        activity = log(
            city.ward_b, "conference", WARD_B_TITLE, date(2024, 3, 8), {"participants": 120}
        )
        activity_file_attach(
            activity=activity, uploaded=SimpleUploadedFile("anh.png", png_bytes()), actor=SYSTEM
        )
    return WardActivity(activity, activity.files.get())
