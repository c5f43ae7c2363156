from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.DashboardHomeView.as_view(), name="home"),
    path("<int:pk>/", views.DashboardView.as_view(), name="organisation"),
    path("<int:pk>/export.xlsx", views.DashboardExportView.as_view(), name="export"),
    path("<int:pk>/briefing.pdf", views.DashboardBriefingView.as_view(), name="briefing"),
]
