from opportunities.views import pages

app_name = "opportunities"

urlpatterns = pages.urlpatterns()
