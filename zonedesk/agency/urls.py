app_name = "agency"
urlpatterns: list = []
