from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "jianfu.regions"
    verbose_name = "行政区划"
