from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "tuyengiao.orgs"
    label = "orgs"
    verbose_name = "Tổ chức"
