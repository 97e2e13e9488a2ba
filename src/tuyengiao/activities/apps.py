from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "tuyengiao.activities"
    label = "activities"
    verbose_name = "Hoạt động"
