from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jianfu.core"
    verbose_name = "基础"
