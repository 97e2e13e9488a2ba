from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "tuyengiao.plans"
    label = "plans"
    verbose_name = "Kế hoạch"
