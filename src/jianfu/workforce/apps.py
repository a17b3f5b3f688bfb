from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "jianfu.workforce"
    verbose_name = "社区工作者"
