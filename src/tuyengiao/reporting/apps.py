from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "tuyengiao.reporting"
    label = "reporting"
    verbose_name = "Báo cáo định kỳ"

    def ready(self) -> None:
        from django.core import checks

        from tuyengiao.reporting.dashboard_views import chart_library_check

        checks.register(chart_library_check, checks.Tags.staticfiles)
