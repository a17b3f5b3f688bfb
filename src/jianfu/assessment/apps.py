from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "jianfu.assessment"
    verbose_name = "直报、考核与通报"
