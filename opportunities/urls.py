from opportunities.views import pages
from records.statistics import statistics_urlpatterns

app_name = "opportunities"

urlpatterns = pages.urlpatterns() + statistics_urlpatterns("opportunity")
