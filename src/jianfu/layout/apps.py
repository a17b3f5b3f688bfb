from django.apps import AppConfig


class LayoutConfig(AppConfig):
    name = "jianfu.layout"
    verbose_name = "布局优化"
