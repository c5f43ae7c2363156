"""Account pages, declared with the generic views; what they add is the temporary password shown once, and
the manager's actions on an account (reset the password, lift a lock-out, revoke API tokens)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from rest_framework.authtoken.models import Token

from core.scope import CHANGE
from core.views import ObjectDetailView, ObjectEditView, ScopedObjectMixin

from . import selectors, services
from .models import TemporaryPassword

# Session key holding a just-created account's temporary password until its page has shown it once.
ISSUED = "accounts_issued_password"


class AccountEditView(ObjectEditView):
    def save(self, form, formsets, instance):
        creating = instance.pk is None
        obj = super().save(form, formsets, instance)
        services.account_check(actor=self.request.user, account=obj)
        if creating:
            self.request.session[ISSUED] = {"pk": obj.pk, "password": obj.issued_password}
        return obj


class AccountDetailView(ObjectDetailView):
    def get_extra_context(self, obj):
        issued = self.request.session.get(ISSUED)
        password = None
        if issued and issued.get("pk") == obj.pk:
            password = issued["password"]
            del self.request.session[ISSUED]
        return {
            "issued_password": password,
            "roles": list(obj.roles.select_related("organisation").order_by("organisation__lft")),
            "locked": selectors.is_locked(obj.username),
            "attempts": list(selectors.attempts_for(obj.username)[:10]),
            "pending_password": TemporaryPassword.pending_for(obj),
            "token_count": Token.objects.filter(user_id=obj.pk).count(),
        }


def no_store(response):
    response["Cache-Control"] = "no-store"
    return response


class AccountActionView(ScopedObjectMixin, View):
    """POST-only actions of a manager on an account in their write scope (out of read scope: 404)."""

    action = None
    template_name = "accounts/password_reset.html"

    def get(self, request, pk):
        obj = self.get_object(CHANGE)
        if self.action != "reset":
            return redirect(obj.get_absolute_url())
        return no_store(render(request, self.template_name, self.base_context(object=obj, password=None)))

    def post(self, request, pk):
        obj = self.get_object(CHANGE)
        actor = request.user
        if self.action == "reset":
            password = services.account_password_reset(actor=actor, account=obj)
            context = self.base_context(object=obj, password=password)
            return no_store(render(request, self.template_name, context))
        if self.action == "unlock":
            services.account_unlock(actor=actor, account=obj)
            messages.success(request, _("已解除“%(obj)s”的登录锁定。") % {"obj": obj})
        elif self.action == "tokens":
            count = services.account_tokens_revoke(actor=actor, account=obj)
            messages.success(request, _("已撤销“%(obj)s”的 %(n)d 个接口令牌。") % {"obj": obj, "n": count})
        else:
            raise PermissionDenied
        return redirect(obj.get_absolute_url())


def may_manage_accounts(user):
    from core.scope import has_any_scope

    return bool(user and user.is_authenticated and has_any_scope(user, CHANGE))
