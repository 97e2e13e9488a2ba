from django.apps import AppConfig


class TwoFactorConfig(AppConfig):
    name = "tuyengiao.core.twofactor"
    label = "twofactor"
    verbose_name = "Xác thực hai bước"
