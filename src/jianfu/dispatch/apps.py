from django.apps import AppConfig


class DispatchConfig(AppConfig):
    name = "jianfu.dispatch"
    verbose_name = "吹哨报到"
