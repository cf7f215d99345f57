from django import forms
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from accounts.models import User


class UserAdminCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name"]


class UserAdminChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class EmailField(forms.EmailField):
    """An email field that stores addresses in lower case, as accounts compare them."""

    def clean(self, value):
        value = super().clean(value)
        return value.strip().lower() if value else value
