"""Factories for good-practice cases (saved directly; the doors are what the tests exercise)."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from cases.choices import CaseState
from cases.models import Case
from tests.factories import OrganisationFactory


class CaseFactory(DjangoModelFactory):
    class Meta:
        model = Case
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"测试好经验{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    summary = "做法简介：依托服务站开展服务。"
    body = "第一段做法。\n\n第二段成效。"
    measures = "hui,zhan"
    state = CaseState.DRAFT

    @factory.post_generation
    def unions(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.unions.set(extracted)


def published_case(organisation, **kwargs):
    return CaseFactory(organisation=organisation, state=CaseState.PUBLISHED, published_at=timezone.now(), **kwargs)


def submitted_case(organisation, **kwargs):
    return CaseFactory(organisation=organisation, state=CaseState.SUBMITTED, submitted_at=timezone.now(), **kwargs)
