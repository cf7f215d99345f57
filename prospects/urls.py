from prospects.views import pages
from records.statistics import statistics_urlpatterns

app_name = "prospects"

urlpatterns = pages.urlpatterns() + statistics_urlpatterns("prospect")
