from organisations.views import pages
from records.statistics import statistics_urlpatterns

app_name = "organisations"

urlpatterns = pages.urlpatterns() + statistics_urlpatterns("organisation")
