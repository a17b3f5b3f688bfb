from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "jianfu.catalog"
    verbose_name = "事项清单"
