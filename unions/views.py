from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from core.scope import CHANGE, VIEW, can, read_only_reason
from core.services import attachments_add, record_create, record_update
from core.views import ObjectDetailView, ObjectEditView, ObjectListView
from orgs.choices import Level
from orgs.models import Organisation

from . import selectors, services
from .choices import SIX_HAS_GUIDANCE, SixHas
from .facts import FACTS_BY_ITEM, facts_for
from .forms import CompletenessForm, SixHasRowForm
from .models import Registration, ReturnPeriod, SixHasEvidence, SixHasItem


class RegistrationEditView(ObjectEditView):
    """The registration with its other units: both go to the one service, which validates them together."""

    def save(self, form, formsets, instance):
        employers = formsets[0]
        covered = [
            row.instance
            for row in employers.forms
            if not (employers.can_delete and employers._should_delete_form(row))
            and (row.instance.pk or (row.has_changed() and row.cleaned_data.get("name")))
        ]
        return services.registration_save(actor=self.request.user, instance=form.save(commit=False), covered=covered)


class RegistrationDetailView(ObjectDetailView):
    def get_extra_context(self, obj):
        met, missing, items = selectors.six_has_summary(obj.organisation)
        return {
            "covered": list(obj.covered_employers.all()),
            "six_has_met": met,
            "six_has_missing": missing,
            "today": timezone.localdate(),
        }


class AnnualReturnEditView(ObjectEditView):
    def get_initial(self):
        initial = super().get_initial()
        initial.setdefault("year", selectors.current_year())
        organisation_id = initial.get("organisation")
        if organisation_id and str(organisation_id).isdigit():
            # A new return starts from the union's registration and six-has state, to be corrected.
            registration = Registration.objects.restrict(self.request.user, VIEW).filter(
                organisation_id=organisation_id
            )
            registration = registration.first()
            if registration is not None:
                for field in ("members", "female_members", "migrant_members", "new_forms_members"):
                    initial.setdefault(field, getattr(registration, field))
                initial.setdefault("employees", registration.total_employees)
            # shown as they will be derived on saving
            for field, value in selectors.derived_return_values(int(organisation_id)).items():
                initial[field] = value
        return initial


class AnnualReturnDetailView(ObjectDetailView):
    def get_extra_context(self, obj):
        return {"period": obj.period, "differences": selectors.return_differences(obj)}


class SixHasView(LoginRequiredMixin, View):
    """A union's six "六有" items on one page: state, note and evidence for each, saved together."""

    template_name = "unions/six_has.html"

    def get_union(self, pk):
        return get_object_or_404(
            Organisation.objects.restrict(self.request.user, VIEW).with_path(), pk=pk, level=Level.GRASSROOTS
        )

    def rows(self, union, data=None, files=None):
        self.met, _missing, records = selectors.six_has_summary(union)
        registration = Registration.objects.filter(organisation=union).first()
        self.registration = registration
        self.facts = facts_for(registration)
        return [
            SixHasRowForm(
                data,
                files,
                prefix=f"item{item.value}",
                item=item,
                record=records.get(item.value),
                contrary=self.facts.get(item.value, []),
                checked=registration is not None and bool(FACTS_BY_ITEM.get(item)),
            )
            for item in SixHas
        ]

    def render_page(self, union, rows, may_change):
        return render(
            self.request,
            self.template_name,
            {
                "union": union,
                "rows": [(row, SIX_HAS_GUIDANCE[row.item]) for row in rows],
                "met": self.met,
                "may_change": may_change,
                "model": SixHasItem,
                "registration": self.registration,
            },
        )

    def get(self, request, pk):
        union = self.get_union(pk)
        return self.render_page(union, self.rows(union), can(request.user, union, CHANGE))

    def post(self, request, pk):
        union = self.get_union(pk)
        if not can(request.user, union, CHANGE):
            raise PermissionDenied(read_only_reason(union, request.user))
        rows = self.rows(union, request.POST, request.FILES)
        if all([row.is_valid() for row in rows]):
            try:
                with transaction.atomic():
                    changed = self.save(union, rows)
            except ValidationError:
                messages.error(request, _("请修改下面标出的问题后再保存，已填写的内容都保留着。"))
            else:
                if changed:
                    messages.success(request, _("已保存“%(name)s”的六有评定。") % {"name": union.name})
                else:
                    messages.info(request, _("没有修改。"))
                return redirect("unions:six_has", pk=union.pk)
        else:
            messages.error(request, _("请修改下面标出的问题后再保存，已填写的内容都保留着。"))
        return self.render_page(union, rows, True)

    def save(self, union, rows):
        actor = self.request.user
        today = timezone.localdate()
        changed = 0
        failed = []
        for row in rows:
            data = row.cleaned_data
            if not data.get("state"):
                continue  # not assessed yet
            record = row.record
            if record is None:
                record = SixHasItem(organisation=union, item=row.item)
            reason = data.get("override_reason", "")
            if (
                record.pk is None
                or record.state != data["state"]
                or record.note != data["note"]
                or record.override_reason != reason
            ):
                record.state = data["state"]
                record.note = data["note"]
                record.override_reason = reason
                record.assessed_by = actor
                record.assessed_on = today
                try:
                    record = (record_update if record.pk else record_create)(actor=actor, instance=record)
                except ValidationError as exc:
                    failed.append((row, exc))
                    continue
                changed += 1
            if data["files"]:
                attachments_add(actor=actor, model=SixHasEvidence, files=data["files"], item=record)
                changed += 1
        for row, exc in failed:
            for field, errors in exc.message_dict.items():
                row.add_error(field if field in row.fields else None, errors)
        if failed:
            raise ValidationError(_("部分项目未能保存。"))  # rolls every item back: the page is saved whole
        return changed


class ElectionsDueListView(ObjectListView):
    """Unions whose chair's term ends within 90 days or has lapsed: the registration list, cut to those."""

    template_name = "unions/elections_due.html"
    can_add = False
    can_import = False

    def scoped(self, action=VIEW):
        return selectors.elections_due(user=self.request.user, queryset=self.queryset)


class PeriodDetailView(ObjectDetailView):
    def get_extra_context(self, obj):
        user = self.request.user
        expected = services.expected_unions(obj)
        return {
            "expected": expected.count(),
            "done": obj.returns.count(),
            "on_time": obj.returns.filter(selectors.on_time_q()).count(),
            "missing": services.missing_unions(obj).with_path()[:50],
            "missing_count": services.missing_unions(obj).count(),
            "may_submit": obj.state in ("open", "returned") and services.may_submit(user, obj),
            "may_decide": services.may_decide(user, obj),
        }


class PeriodActionView(LoginRequiredMixin, View):
    """POST submit / approve / send_back on a period; the services decide who may."""

    ACTIONS = {"submit", "approve", "send_back"}

    def post(self, request, pk, action):
        period = get_object_or_404(ReturnPeriod.objects.restrict(request.user, VIEW), pk=pk)
        if action not in self.ACTIONS:
            raise Http404
        comment = request.POST.get("comment", "")
        period._version_seen = request.POST.get("_version") or None  # the page's version (core.versions)
        try:
            if action == "submit":
                services.period_submit(actor=request.user, period=period)
                messages.success(request, _("已报送%(period)s，等待上级审核。") % {"period": period})
            elif action == "approve":
                services.period_approve(actor=request.user, period=period, comment=comment)
                messages.success(request, _("已审核通过%(period)s，报表已锁定。") % {"period": period})
            else:
                services.period_send_back(actor=request.user, period=period, comment=comment)
                messages.success(request, _("已退回%(period)s。") % {"period": period})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except PermissionDenied as exc:
            messages.error(request, str(exc) or _("超出您的管理范围。"))
        return redirect(period.get_absolute_url())


class CompletenessView(LoginRequiredMixin, View):
    """Annual returns per county and year: expected, done, on time, and where approval stands."""

    def get(self, request):
        data = request.GET.copy()
        data.setdefault("year", selectors.current_year())
        form = CompletenessForm(data, user=request.user)
        valid = form.is_valid()
        year = form.cleaned_data["year"] if valid else selectors.current_year()
        within = form.cleaned_data.get("within") if valid else None
        rows = selectors.completeness(user=request.user, year=year, within=within)
        counted = [r for r in rows if not r.get("subtotal")]
        totals = {
            "expected": sum(r["expected"] for r in counted),
            "done": sum(r["done"] for r in counted),
            "on_time": sum(r["on_time"] for r in counted),
        }
        totals["rate"] = totals["done"] / totals["expected"] if totals["expected"] else None
        totals["on_time_rate"] = totals["on_time"] / totals["expected"] if totals["expected"] else None
        return render(
            request,
            "unions/completeness.html",
            {
                "form": form,
                "year": year,
                "within": within,
                "rows": rows,
                "totals": totals,
                "years": range(year - 2, year + 1),
            },
        )


def organisation_panel(request, organisation):
    """The 会 panel on a union's page."""
    if organisation.level == Level.GRASSROOTS:
        context = selectors.union_glance(organisation=organisation)
        context["kind"] = "union"
    else:
        context = selectors.unit_glance(user=request.user, organisation=organisation)
        context["kind"] = "unit"
    context["organisation"] = organisation
    context["can_change"] = can(request.user, organisation, CHANGE)
    return context
