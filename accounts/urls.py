from django.urls import path
from django.utils.translation import gettext_lazy as _

from core.views import ModelViews

from .filtersets import AccountFilterSet
from .forms import AccountForm, RoleFormSet
from .resources import AccountResource
from .selectors import accounts_with_state
from .services import account_create, account_update
from .tables import AccountTable
from .views import AccountActionView, AccountDetailView, AccountEditView

app_name = "accounts"

views = ModelViews(
    accounts_with_state(),
    filterset=AccountFilterSet,
    table=AccountTable,
    form_class=AccountForm,
    resource=AccountResource,
    create_service=account_create,
    update_service=account_update,
    inlines=(RoleFormSet,),
    detail=AccountDetailView,
    edit=AccountEditView,
    detail_template="accounts/account_detail.html",
    detail_fields=("username", ("first_name", _("姓名")), "is_active", "last_login", "date_joined"),
    importable=False,
)

urlpatterns = [
    *views.urls(
        path(
            "<int:pk>/reset-password/",
            AccountActionView.as_view(queryset=views.model.objects.all(), action="reset"),
            name="account_reset_password",
        ),
        path(
            "<int:pk>/unlock/",
            AccountActionView.as_view(queryset=views.model.objects.all(), action="unlock"),
            name="account_unlock",
        ),
        path(
            "<int:pk>/revoke-tokens/",
            AccountActionView.as_view(queryset=views.model.objects.all(), action="tokens"),
            name="account_revoke_tokens",
        ),
    ),
]
