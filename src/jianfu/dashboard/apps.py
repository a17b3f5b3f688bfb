from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "jianfu.dashboard"
    verbose_name = "仪表盘"
