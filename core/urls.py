from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("search/", views.SearchView.as_view(), name="search"),
    path("imports/<int:pk>/", views.ImportJobView.as_view(), name="importjob_detail"),
    path("exports/<int:pk>/", views.ExportJobView.as_view(), name="exportjob_detail"),
    path("files/<str:label>/<int:pk>/", views.AttachmentView.as_view(), name="attachment"),
    path("autocomplete/<str:label>/", views.AutocompleteView.as_view(), name="autocomplete"),
]
