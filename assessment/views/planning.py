"""Pages of 统一部署工作 and 统一配置力量: the plan page with live progress per child, its cascade and fill actions,
coordination groups with their members, allocations and their totals."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from core.scope import CHANGE, VIEW, can
from core.views import ObjectDetailView, ObjectEditView
from orgs.models import PATH_RELATED, Organisation

from ..models.planning import CoordinationGroup, ResourceAllocation, Target, TargetPlan
from ..selectors import planning as selectors
from ..services.planning import plan_cascade, plan_fill_targets

plans = TargetPlan.objects.select_related("issuer", "parent__issuer")
targets = Target.objects.select_related("indicator__plan__issuer", "organisation")
groups = CoordinationGroup.objects.select_related("organisation").prefetch_related(f"organisation__{PATH_RELATED}")
allocations = ResourceAllocation.objects.select_related(
    "giver", "organisation", "target__organisation", "target__indicator", "union", "station", "home"
)


class TargetPlanDetailView(ObjectDetailView):
    """Target, actual, gap and state per child and indicator, computed live; the cascades of each child."""

    def get_extra_context(self, obj):
        user = self.request.user
        may_write = can(user, obj, CHANGE)
        sections = selectors.plan_progress(user=user, plan=obj)
        # the children whose own write roles the reader holds may cascade their share further down
        cascadable = set(
            Organisation.objects.restrict(user, CHANGE)
            .filter(parent_id=obj.issuer_id, level__in=("prefecture", "county"))
            .values_list("pk", flat=True)
        )
        return {
            "sections": sections,
            "may_write": may_write,
            "cascadable": cascadable,
            "cascades": list(obj.cascades.select_related("issuer")),
        }


class TargetPlanEditView(ObjectEditView):
    """The plan with its indicators; on save every child gets its target (its class's value)."""

    def save(self, form, formsets, instance):
        plan = super().save(form, formsets, instance)
        plan_fill_targets(actor=self.request.user, plan=plan)
        return plan


class TargetPlanActionView(LoginRequiredMixin, View):
    """POST: `cascade` (a child passes its share on to its own children) or `fill` (reset every target to its
    indicator's value for the child's class)."""

    def post(self, request, pk, action):
        plan = get_object_or_404(TargetPlan.objects.restrict(request.user, VIEW), pk=pk)
        try:
            if action == "cascade":
                org = Organisation.objects.restrict(request.user, VIEW).filter(pk=request.POST.get("organisation"))
                org = org.first()
                if org is None:
                    raise Http404
                child = plan_cascade(actor=request.user, plan=plan, organisation=org)
                messages.success(request, _("已将目标分解给%(org)s的下级，请核对各单位的分解数。") % {"org": org.name})
                return redirect(child.get_absolute_url())
            if action == "fill":
                if not can(request.user, plan, CHANGE):
                    raise PermissionDenied(_("只有下达单位可以重新分配目标。"))
                created, changed = plan_fill_targets(actor=request.user, plan=plan, reset=True)
                messages.success(
                    request,
                    _("已按地区类别重新分配：新增 %(c)d 个，修改 %(u)d 个目标。") % {"c": created, "u": changed},
                )
                return redirect(plan.get_absolute_url())
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(plan.get_absolute_url())
        except PermissionDenied as exc:
            messages.error(request, str(exc) or _("超出您的管理范围。"))
            return redirect(plan.get_absolute_url())
        raise Http404


class TargetDetailView(ObjectDetailView):
    def get_extra_context(self, obj):
        selectors.annotate_progress([obj])
        return {"target": obj}


class CoordinationGroupDetailView(ObjectDetailView):
    def get_extra_context(self, obj):
        return {"members": list(obj.members.all())}


class AllocationTotalsView(LoginRequiredMixin, View):
    """Resources received per year and kind, and per child organisation, inside one organisation's subtree."""

    def get(self, request):
        from orgs.selectors import organisation_tree_roots

        pk = request.GET.get("organisation")
        org = None
        if pk and str(pk).isdigit():
            org = Organisation.objects.restrict(request.user, VIEW).filter(pk=pk).first()
            if org is None:
                raise Http404
        if org is None:
            roots = organisation_tree_roots(user=request.user)
            if not roots:
                raise Http404
            org = roots[0]
        year = request.GET.get("year")
        year = int(year) if year and year.isdigit() else None
        totals = selectors.allocation_totals(user=request.user, organisation=org, year=year)
        return render(
            request, "assessment/planning/allocation_totals.html", {"organisation": org, "year": year, **totals}
        )
