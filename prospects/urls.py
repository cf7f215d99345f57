from prospects.views import pages

app_name = "prospects"

urlpatterns = pages.urlpatterns()
