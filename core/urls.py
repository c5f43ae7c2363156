from django.urls import path

from . import quality_views, views

app_name = "core"

urlpatterns = [
    path("search/", views.SearchView.as_view(), name="search"),
    path("imports/<int:pk>/", views.ImportJobView.as_view(), name="importjob_detail"),
    path("exports/<int:pk>/", views.ExportJobView.as_view(), name="exportjob_detail"),
    path("files/<str:label>/<int:pk>/", views.AttachmentView.as_view(), name="attachment"),
    path("autocomplete/<str:label>/", views.AutocompleteView.as_view(), name="autocomplete"),
    path("quality/", quality_views.QualityView.as_view(), name="quality"),
    path("quality/<str:key>/", quality_views.QualityListView.as_view(), name="quality_list"),
]
