app_name = "homes"

urlpatterns = []
