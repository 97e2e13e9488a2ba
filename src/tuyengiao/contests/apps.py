from django.apps import AppConfig


class ContestsConfig(AppConfig):
    name = "tuyengiao.contests"
    label = "contests"
    verbose_name = "Cuộc thi trực tuyến"
