from django.contrib.admin.apps import AdminConfig


class CarnetAdminConfig(AdminConfig):
    """Django's admin, as Carnet's site (accounts.admin_site: 2FA required for operators)."""

    default_site = "accounts.admin_site.CarnetAdminSite"
