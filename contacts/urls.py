from contacts.views import pages
from records.statistics import statistics_urlpatterns

app_name = "contacts"

urlpatterns = pages.urlpatterns() + statistics_urlpatterns("contact")
