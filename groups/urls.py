from django.urls import path

from . import views

app_name = "groups"

urlpatterns = [
    path("", views.GroupSetListView.as_view(), name="groupset_list"),
    path("new/", views.GroupSetEditView.as_view(), name="groupset_add"),
    path("<int:pk>/edit/", views.GroupSetEditView.as_view(), name="groupset_edit"),
    path("<int:pk>/assign/", views.AssignView.as_view(), name="assign"),
    path("organisation/<int:pk>/", views.MembershipEditView.as_view(), name="memberships"),
    path("organisation/<int:pk>/panel/", views.OrganisationPanelView.as_view(), name="panel"),
    path("integrity/", views.IntegrityView.as_view(), name="integrity"),
    path("integrity/<int:pk>/<str:kind>/", views.IntegrityListView.as_view(), name="integrity_list"),
]
