"""Pages of the cadre app that need more than the generic ones: phones shown only to editors, and an appraisal
written with its scores in one go."""

from django.db.models import Count, Max
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import history_rows
from core.scope import CHANGE, VIEW, can
from core.views import ObjectDetailView, ObjectEditView, ObjectHistoryView, ObjectListView

from .grading import thresholds
from .models import Cadre
from .selectors import with_may_edit
from .services import appraisal_save
from .validators import mask_phone


class CadreListView(ObjectListView):
    def scoped(self, action=VIEW):
        # `may_edit` per row in the list's own statement: phones are masked unless the reader may edit the cadre.
        return with_may_edit(super().scoped(action), self.request.user)


class CadreDetailView(ObjectDetailView):
    def get_object(self, action=VIEW):
        obj = super().get_object(action)
        obj.may_edit = can(self.request.user, obj, CHANGE)
        return obj

    def get_extra_context(self, obj):
        from .models import ContactLog

        assignments = list(obj.assignments.select_related("union").order_by("-start_on", "pk"))
        last = dict(
            ContactLog.objects.filter(cadre=obj)
            .values("union_id")
            .annotate(last=Max("date"))
            .values_list("union_id", "last")
        )
        for assignment in assignments:
            assignment.last_contact = last.get(assignment.union_id)
        return {
            "trainings": list(obj.trainings.all()),
            "appraisals": list(obj.appraisals.select_related("appraised_by").order_by("-year")),
            "assignments": assignments,
            "log_stats": ContactLog.objects.filter(cadre=obj).aggregate(n=Count("pk"), last=Max("date")),
        }


class CadreHistoryView(ObjectHistoryView):
    """History keeps phone numbers in full; readers who may not edit the cadre see them masked here too."""

    def get(self, request, pk):
        obj = self.get_object(VIEW)
        records = history_rows(obj, limit=200)
        may_edit = can(request.user, obj, CHANGE)
        if not may_edit:
            label = str(Cadre._meta.get_field("phone").verbose_name)
            for record in records:
                record.changes = [
                    (name, mask_phone(old), mask_phone(new)) if name == label else (name, old, new)
                    for name, old, new in record.changes
                ]
        context = self.base_context(object=obj, records=records, tab="history", can_change=may_edit)
        return render(request, self.template_name, context)


class AppraisalDetailView(ObjectDetailView):
    def get_extra_context(self, obj):
        scores = list(obj.scores.select_related("indicator"))
        full = sum((s.indicator.max_score for s in scores), 0)
        return {"scores": scores, "full_marks": full}


class AppraisalEditView(ObjectEditView):
    """The appraisal form with one score row per indicator; the total and grade are derived on save."""

    def get_initial(self):
        # Appraisals are done early in the year for the year before.
        today = timezone.localdate()
        return {"year": today.year - 1, "appraised_on": today, **super().get_initial()}

    def save(self, form, formsets, instance):
        obj = form.save(commit=False)
        scores = formsets[0].pending_scores()
        return appraisal_save(actor=self.request.user, instance=obj, scores=scores)

    def render_form(self, form, instance, formsets=()):
        rule = "，".join(f"≥{minimum} {grade.label}" for minimum, grade in thresholds())
        form.fields["grade_override"].help_text = _("一般留空，由总分自动评定（%(rule)s）；确需调整时须填写理由。") % {
            "rule": rule
        }
        return super().render_form(form, instance, formsets)
