from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PersonalDataConfig(AppConfig):
    name = "personal_data"
    verbose_name = _("Personal data")

    def ready(self):
        from personal_data import sections
        from workspaces.registry import registry

        registry.record_section(sections.personal_data_section())
