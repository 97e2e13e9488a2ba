from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tuyengiao.core"
    label = "core"
    verbose_name = "Nền tảng"
