from django.apps import AppConfig
from django.db.backends.signals import connection_created
from wagtail.users.apps import WagtailUsersAppConfig


class CoreConfig(AppConfig):
    default = True  # this module also holds UsersConfig
    name = "tuyengiao.core"
    label = "core"
    verbose_name = "Nền tảng"

    def ready(self) -> None:
        from django.conf import settings

        from tuyengiao.core import clock
        from tuyengiao.core.admin_columns import translate_site_columns
        from tuyengiao.core.collation import register_sqlite_collation

        connection_created.connect(register_sqlite_collation)
        translate_site_columns()
        clock.start(getattr(settings, "CLOCK", ""))


class UsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app, with the people list sorted by name in Vietnamese order."""

    user_viewset = "tuyengiao.core.users.UserViewSet"
