from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.i18n import set_language

# Anyone may choose a language, including on the login page of a workspace.
urlpatterns = [path("setlang/", login_not_required(set_language), name="set_language")]
