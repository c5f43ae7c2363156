from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.scope import VIEW
from core.versions import FIELD, StaleVersion, version_of
from core.views import ObjectDetailView, ObjectListView

from . import services
from .choices import CaseState
from .models import Case

cases = Case.objects.select_related("organisation", "submitted_by", "published_by", "returned_by")


class CaseListView(ObjectListView):
    template_name = "cases/case_list.html"


def _visible(user, records):
    """(record, may open its page) for each record: the names of what a published case involves are the case's,
    but a reader outside their scope would meet a "not found" page behind the link."""
    records = list(records)
    if not records:
        return []
    model = type(records[0])
    readable = set(
        model._default_manager.restrict(user, VIEW).filter(pk__in=[r.pk for r in records]).values_list("pk", flat=True)
    )
    return [(record, record.pk in readable) for record in records]


class CaseDetailView(ObjectDetailView):
    """A case's page: its text, photos and what it involves, where it stands in its steps and the buttons of the
    steps the reader may take (each carrying the version read, so that a step over a change unseen is refused)."""

    def get_extra_context(self, obj):
        user = self.request.user
        draft_writer = services.may_edit_draft(user, obj)
        reviewer = obj.state != CaseState.DRAFT and services.may_review(user, obj)
        return {
            "photos": list(obj.photos.all()),
            "involved": [
                (gettext_lazy("涉及的工会"), _visible(user, obj.unions.all())),
                (gettext_lazy("涉及的服务站"), _visible(user, obj.stations.select_related("host"))),
                (gettext_lazy("涉及的职工之家"), _visible(user, obj.homes.all())),
            ],
            "groups": list(obj.groups.select_related("group_set")),
            "may_submit": draft_writer,
            "may_publish": reviewer and obj.state == CaseState.SUBMITTED,
            "may_return": reviewer,
            "reviewing_unit": services.reviewing_unit(obj),
            "version": version_of(obj, services.VERSION_RELATED) if (draft_writer or reviewer) else "",
        }


class CaseActionView(LoginRequiredMixin, View):
    """POST submit / publish / return from the case's page; the services decide who may and when."""

    ACTIONS = {
        "submit": (services.case_submit, gettext_lazy("已报送，等待上级工会审核发布。")),
        "publish": (services.case_publish, gettext_lazy("已发布，所有用户都可以看到这个案例。")),
        "return": (services.case_return, gettext_lazy("已退回报送单位修改。")),
    }

    def post(self, request, pk, action):
        case = get_object_or_404(Case.objects.restrict(request.user, VIEW), pk=pk)
        if action not in self.ACTIONS:
            raise Http404
        service, done = self.ACTIONS[action]
        extra = {"reason": request.POST.get("reason", "")} if action == "return" else {}
        case._version_seen = request.POST.get(FIELD) or None
        try:
            service(actor=request.user, case=case, **extra)
        except StaleVersion as exc:
            messages.error(request, exc.messages[0] + _("请查看最新内容后再操作。"))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except PermissionDenied as exc:
            messages.error(request, str(exc) or _("超出您的管理范围。"))
        else:
            messages.success(request, done)
        return redirect(case.get_absolute_url())
