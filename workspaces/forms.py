from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from accounts.forms import EmailField
from workspaces.models import Workspace
from workspaces.validators import (
    SLUG_MAX_LENGTH,
    validate_single_line,
    validate_workspace_slug,
)

User = get_user_model()


class SignupForm(forms.Form):
    """Open a workspace. A signed-in person only names it; a newcomer also creates an account."""

    workspace_name = forms.CharField(
        label=_("Workspace name"), max_length=100, validators=[validate_single_line]
    )
    slug = forms.CharField(
        label=_("Address"),
        max_length=SLUG_MAX_LENGTH,
        help_text=_("Lowercase letters, digits and hyphens: it becomes your workspace's address."),
        validators=[validate_workspace_slug],
    )
    full_name = forms.CharField(label=_("Your name"), max_length=150, required=False)
    email = EmailField(label=_("Email"))
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user if user is not None and user.is_authenticated else None
        if self.user is not None:
            for name in ("full_name", "email", "password"):
                del self.fields[name]

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if Workspace.objects.filter(schema_name=slug).exists():
            raise forms.ValidationError(_("This address is already taken."), code="taken")
        return slug

    def clean_email(self):
        email = self.cleaned_data["email"]
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account already uses this email: sign in first."), code="exists"
            )
        return email

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            candidate = User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned
