from django.apps import AppConfig


class SignageConfig(AppConfig):
    name = "jianfu.signage"
    verbose_name = "标牌标识台账"
