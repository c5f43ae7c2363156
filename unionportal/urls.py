from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from accounts.api.views import token_view
from core import views as core_views
from core.api.exceptions import not_found as api_not_found

from .api import router

api_patterns = [
    path("auth/token/", token_view, name="token"),
    *router.urls,
    # Last: any other path ending in a slash is a JSON 404 (without the slash, APPEND_SLASH still redirects).
    re_path(r"^.*/$", api_not_found),
]

urlpatterns = [
    path("", core_views.HomeView.as_view(), name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/users/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("orgs/", include("orgs.urls")),
    path("unions/", include("unions.urls")),
    path("cadres/", include("cadres.urls")),
    path("stations/", include("stations.urls")),
    path("homes/", include("homes.urls")),
    path("activities/", include("activities.urls")),
    path("cases/", include("cases.urls")),
    path("figures/", include("figures.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("map/", include("maps.urls")),
    path("groups/", include("groups.urls")),
    path("assessment/", include("assessment.urls")),
    path("notifications/", include("notifications.urls")),
    path("", include("core.urls")),
    path("api/v1/", include((api_patterns, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

handler500 = "core.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.STATIC_URL, document_root=settings.STATIC_ROOT)
