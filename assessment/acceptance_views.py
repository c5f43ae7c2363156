"""Pages of rubrics, acceptance reports (the scoring sheet with its autosave), inspections, findings and
rectifications. The generic views carry list, detail, edit and history; the sheet and the actions call the
services, which decide who may act."""

import json

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from core.scope import VIEW
from core.uploads import IMAGE, PDF, MultipleFileField
from core.views import ObjectDetailView, ObjectEditView

from . import acceptance_services as services
from .acceptance_choices import SELF_EDITABLE, ItemGroup, RectificationStatus, ReportState
from .acceptance_figures import live_value, region_class_of
from .acceptance_forms import AnswerForm, VerifyForm
from .models import AcceptanceReport, Rectification, Rubric, RubricItem
from .models.acceptance import is_assigned


def _messages_of(exc):
    if hasattr(exc, "error_dict"):
        return {("__all__" if k == "__all__" else k): v for k, v in exc.message_dict.items()}
    return {"__all__": exc.messages}


# --- rubrics ------------------------------------------------------------------------------------------------------
class RubricDetailView(ObjectDetailView):
    def get_extra_context(self, obj):
        items = list(obj.items.all())
        return {
            "items": items,
            "bands": list(obj.bands.all()),
            "frozen": obj.is_frozen,
            "max_total": obj.max_total(),
            "bonus_total": sum((i.max_score for i in items if i.is_bonus), 0),
            "report_count": obj.reports.count(),
        }


class RubricEditView(ObjectEditView):
    def get_object(self, action=VIEW):
        obj = super().get_object(action)
        if action != VIEW and obj.is_frozen:
            raise PermissionDenied(obj.read_only_reason(self.request.user))
        return obj


class RubricNewVersionView(LoginRequiredMixin, View):
    def post(self, request, pk):
        rubric = get_object_or_404(Rubric.objects.restrict(request.user), pk=pk)
        try:
            copy = services.rubric_new_version(actor=request.user, rubric=rubric)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            return redirect(rubric.get_absolute_url())
        messages.success(request, _("已生成%(rubric)s，可以修改。") % {"rubric": copy})
        return redirect(copy.get_absolute_url())


# --- the report sheet ---------------------------------------------------------------------------------------------
def sheet_rows(report):
    """The sheet's rows grouped as the rubric groups them, each with the live figure and the threshold of the
    union's region class."""
    region_class = region_class_of(report.organisation)
    groups = {}
    for row in report.items.select_related("item").prefetch_related("evidence"):
        item = row.item
        row.figure = live_value(item.figure_key, report.organisation, report.year) if item.figure_key else None
        row.threshold = item.threshold_for(region_class)
        groups.setdefault(item.group, []).append(row)
    labels = dict(ItemGroup.choices)
    return [(labels.get(key, key), groups[key]) for key, _label in ItemGroup.choices if key in groups]


def report_permissions(user, report):
    union_side = services.is_union_side(user, report)
    assigned = is_assigned(user, report)
    locked = report.is_locked
    return {
        "can_self": union_side and report.state in SELF_EDITABLE and not locked,
        "can_score": assigned and report.state == ReportState.SUBMITTED,
        "may_submit": union_side and report.state in SELF_EDITABLE,
        "may_mark_scored": assigned and report.state == ReportState.SUBMITTED,
        "may_decide": report.state in (ReportState.SUBMITTED, ReportState.SCORED) and services.may_decide(user, report),
        "may_reopen": locked and services.may_reopen(user, report),
        "union_side": union_side,
        "assigned": assigned,
    }


class ReportDetailView(ObjectDetailView):
    """The sheet: 验收标准 | 工作情况和数字说明 | 应得分 | 自评分 | 验收分, editable by whoever may act now."""

    def get_extra_context(self, obj):
        context = report_permissions(self.request.user, obj)
        context.update(
            groups=sheet_rows(obj),
            inspectors=list(obj.inspectors.all()),
            max_total=obj.rubric.max_total(),
            deduction=min(obj.spot_check_failures * obj.rubric.deduction_points, obj.rubric.deduction_cap),
            bands=list(obj.rubric.bands.all()),
            upload_kinds="image/*,application/pdf",
        )
        return context


class ReportItemSaveView(LoginRequiredMixin, View):
    """One line of the sheet saved as it is typed (the autosave), answered in JSON with the new totals."""

    FIELDS = {
        "self_score": "decimal",
        "accepted_score": "decimal",
        "note": "text",
        "inspector_note": "text",
        "spot_check_failed": "bool",
    }

    def parse(self, data):
        from decimal import Decimal, InvalidOperation

        values, errors = {}, {}
        for field, kind in self.FIELDS.items():
            if field not in data:
                continue
            raw = data.get(field)
            if kind == "decimal":
                text = str(raw or "").strip()
                if not text:
                    values[field] = None
                    continue
                try:
                    value = Decimal(text)
                except InvalidOperation:
                    errors[field] = [_("请填写数字。")]
                    continue
                if not value.is_finite() or value != value.quantize(Decimal("0.1")):
                    errors[field] = [_("分数最多保留一位小数。")]
                    continue
                values[field] = value.quantize(Decimal("0.1"))
            elif kind == "bool":
                values[field] = str(raw).lower() in ("1", "true", "on", "yes")
            else:
                values[field] = str(raw or "")[:5000]
        return values, errors

    def post(self, request, pk, item_id):
        report = get_object_or_404(AcceptanceReport.objects.restrict(request.user, VIEW), pk=pk)
        item = RubricItem.objects.filter(pk=item_id, rubric_id=report.rubric_id).first()
        if item is None:
            return JsonResponse({"errors": {"item": [_("该条目不属于本报告所用的验收标准。")]}}, status=400)
        data = request.POST
        if request.content_type == "application/json":
            try:
                data = json.loads(request.body or b"{}")
            except ValueError:
                return JsonResponse({"errors": {"__all__": [_("数据格式有误。")]}}, status=400)
        values, errors = self.parse(data)
        if errors:
            return JsonResponse({"errors": errors}, status=400)
        try:
            row = services.report_item_save(actor=request.user, report=report, item=item, data=values)
        except ValidationError as exc:
            return JsonResponse({"errors": _messages_of(exc)}, status=400)
        except PermissionDenied as exc:
            return JsonResponse({"errors": {"__all__": [str(exc)]}}, status=403)
        report.refresh_from_db()
        return JsonResponse(
            {
                "ok": True,
                "row": row.pk,
                "self_total": str(report.self_total) if report.self_total is not None else None,
                "accepted_total": str(report.accepted_total) if report.accepted_total is not None else None,
                "grade": report.grade,
                "gate_failed": report.gate_failed,
                "saved_at": row.updated.isoformat(),
            }
        )


class ReportEvidenceView(LoginRequiredMixin, View):
    def post(self, request, pk, item_id):
        report = get_object_or_404(AcceptanceReport.objects.restrict(request.user, VIEW), pk=pk)
        item = get_object_or_404(RubricItem, pk=item_id, rubric_id=report.rubric_id)
        field = MultipleFileField(kinds=(IMAGE, PDF))
        try:
            files = field.clean(request.FILES.getlist("files"))
            services.report_evidence_add(actor=request.user, report=report, item=item, files=files)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("已上传佐证材料。"))
        return redirect(f"{report.get_absolute_url()}#item-{item.pk}")


class ReportActionView(LoginRequiredMixin, View):
    """POST submit / score / accept / return / reopen; the services decide who may."""

    ACTIONS = {
        "submit": (services.report_submit, False, _("已报送自评，等待验收评分。")),
        "score": (services.report_score, False, _("已完成验收评分，等待上级验收。")),
        "accept": (services.report_accept, True, _("已验收通过，报告已锁定。")),
        "return": (services.report_return, True, _("已退回修改。")),
        "reopen": (services.report_reopen, True, _("已重新打开报告。")),
    }

    def post(self, request, pk, action):
        report = get_object_or_404(AcceptanceReport.objects.restrict(request.user, VIEW), pk=pk)
        if action not in self.ACTIONS:
            raise Http404
        service, takes_comment, done = self.ACTIONS[action]
        extra = {"comment": request.POST.get("comment", "")} if takes_comment else {}
        try:
            service(actor=request.user, report=report, **extra)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, done)
        return redirect(report.get_absolute_url())


class ReportPdfView(LoginRequiredMixin, View):
    def get(self, request, pk):
        from .acceptance_pdf import report_pdf, report_pdf_name

        report = get_object_or_404(AcceptanceReport.objects.restrict(request.user, VIEW), pk=pk)
        response = HttpResponse(report_pdf(report), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(
            bool(request.GET.get("download")), report_pdf_name(report)
        )
        return response


# --- inspections and rectifications -------------------------------------------------------------------------------
class InspectionDetailView(ObjectDetailView):
    def get_extra_context(self, obj):
        findings = obj.findings.select_related("item").prefetch_related("photos", "rectifications")
        return {
            "findings": findings,
            "inspectors": list(obj.inspectors.all()),
            "assigned": is_assigned(self.request.user, obj),
            "reports": obj.reports.all(),
        }


class FindingDetailView(ObjectDetailView):
    def get_extra_context(self, obj):
        return {
            "photos": list(obj.photos.all()),
            "rectifications": list(obj.rectifications.all()),
            "assigned": is_assigned(self.request.user, obj.inspection),
        }


class RectificationDetailView(ObjectDetailView):
    def get_extra_context(self, obj):
        user = self.request.user
        union_side = services.is_union_side(user, obj)
        assigned = is_assigned(user, obj.finding.inspection)
        return {
            "evidence": list(obj.evidence.all()),
            "may_answer": union_side and obj.status in (RectificationStatus.OPEN, RectificationStatus.REOPENED),
            "may_verify": assigned and obj.status == RectificationStatus.DONE,
            "answer_form": AnswerForm(),
            "verify_form": VerifyForm(),
            "may_edit": assigned and obj.status != RectificationStatus.VERIFIED,
        }


class RectificationEditView(ObjectEditView):
    def get_object(self, action=VIEW):
        obj = super().get_object(action)
        if action != VIEW and not is_assigned(self.request.user, obj.finding.inspection):
            raise PermissionDenied(_("整改事项由指派的检查人员提出和修改；整改单位请在整改事项页面填报整改情况。"))
        return obj


class RectificationActionView(LoginRequiredMixin, View):
    def post(self, request, pk, action):
        item = get_object_or_404(Rectification.objects.restrict(request.user, VIEW), pk=pk)
        try:
            if action == "answer":
                files = MultipleFileField(kinds=(IMAGE, PDF), required=False).clean(request.FILES.getlist("files"))
                services.rectification_answer(
                    actor=request.user, rectification=item, answer=request.POST.get("answer", ""), files=files
                )
                messages.success(request, _("已填报整改情况，等待检查人员核查。"))
            elif action in ("verify", "reopen"):
                services.rectification_verify(
                    actor=request.user,
                    rectification=item,
                    accepted=action == "verify",
                    note=request.POST.get("note", ""),
                )
                messages.success(request, _("已核查通过。") if action == "verify" else _("已退回重新整改。"))
            else:
                raise Http404
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        return redirect(item.get_absolute_url())


def organisation_panel(request, organisation):
    """The 考核 panel on a union's page: its reports and its open or overdue rectifications."""
    reports = (
        AcceptanceReport.objects.restrict(request.user).filter(organisation=organisation).select_related("rubric")[:5]
    )
    from django.db.models import Case, IntegerField, Sum, Value, When, Window
    from django.utils import timezone

    # The first ten pending items and how many of all the pending ones are overdue, in one query: the count is
    # a window over every pending row, taken before the LIMIT.
    pending = list(
        Rectification.objects.restrict(request.user)
        .filter(organisation=organisation)
        .pending()
        .annotate(
            overdue_total=Window(
                Sum(
                    Case(
                        When(deadline__lt=timezone.localdate(), then=Value(1)),
                        default=Value(0),
                        output_field=IntegerField(),
                    )
                )
            )
        )[:10]
    )
    return {
        "reports": list(reports),
        "pending": pending,
        "overdue_count": pending[0].overdue_total if pending else 0,
        "organisation": organisation,
    }
