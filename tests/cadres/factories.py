"""Factories of the cadre app's records (saved directly; the doors are exercised by the tests)."""

from datetime import date
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from cadres.choices import ContactWay, Employment, Ethnicity, Gender, Post, Selection
from cadres.demo import ensure_indicators
from cadres.models import AppraisalIndicator, AppraisalScore, Cadre, CadreAppraisal, ContactAssignment, ContactLog
from tests.factories import grassroots


class CadreFactory(DjangoModelFactory):
    class Meta:
        model = Cadre

    name = factory.Sequence(lambda n: f"干部{n:04d}号")
    gender = Gender.MALE
    ethnicity = Ethnicity.HAN
    post = Post.CHAIR
    employment = Employment.PART_TIME
    selection = Selection.ELECTION
    appointed_on = date(2021, 3, 1)
    phone = factory.Sequence(lambda n: f"138{n:08d}")


def indicators():
    ensure_indicators()
    return list(AppraisalIndicator.objects.filter(active=True))


def make_appraisal(cadre, year=2025, share=Decimal("0.8")):
    """A saved appraisal with a score for every active indicator (share of full marks each)."""
    items = indicators()
    scores = [(i, (i.max_score * share).quantize(Decimal("0.1"))) for i in items]
    appraisal = CadreAppraisal(cadre=cadre, year=year, appraised_on=date(year + 1, 1, 15))
    appraisal.compute(scores)
    appraisal.save()
    AppraisalScore.objects.bulk_create(AppraisalScore(appraisal=appraisal, indicator=i, score=s) for i, s in scores)
    return appraisal


def make_assignment(org, cadre=None, union=None, start_on=date(2024, 1, 1), end_on=None):
    cadre = cadre or CadreFactory(organisation=org)
    union = union or grassroots(org)
    return ContactAssignment.objects.create(cadre=cadre, union=union, start_on=start_on, end_on=end_on)


def make_log(org, assignment=None, day=date(2025, 5, 20)):
    assignment = assignment or make_assignment(org)
    return ContactLog.objects.create(
        cadre=assignment.cadre, union=assignment.union, date=day, way=ContactWay.VISIT, workers_reached=12
    )
