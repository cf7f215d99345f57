from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_out

        from accounts.services import sessions_end_everywhere

        # Every way out (the sign-out button on any host, the admin's) ends every session.
        user_logged_out.connect(sessions_end_everywhere, dispatch_uid="carnet_sign_out_everywhere")
