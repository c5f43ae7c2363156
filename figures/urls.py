from django.urls import path

from . import views

app_name = "figures"

urlpatterns = [
    path("", views.FiguresHomeView.as_view(), name="home"),
    path("<int:pk>/", views.OrganisationFiguresView.as_view(), name="organisation"),
    path("<int:pk>/panel/", views.OrganisationPanelView.as_view(), name="panel"),
    path("<int:pk>/<str:key>/", views.FigureUnitsView.as_view(), name="units"),
]
