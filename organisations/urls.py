from organisations.views import pages

app_name = "organisations"

urlpatterns = pages.urlpatterns()
