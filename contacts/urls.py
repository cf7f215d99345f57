from contacts.views import pages

app_name = "contacts"

urlpatterns = pages.urlpatterns()
