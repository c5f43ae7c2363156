"""The data-quality page: each check's flags counted per county within the reader's scope, each count a link to
the records behind it; out of scope is neither counted nor listed."""

import io

from django.core.management import call_command
from django.urls import reverse

from cadres.choices import Grade, Post
from cadres.models import CadreAppraisal
from core.quality import checks, counts_by_county
from tests.cadres.factories import CadreFactory
from tests.unions.factories import RegistrationFactory, union_under
from unions.models import Registration


def crowded_committee(county):
    registration = RegistrationFactory(organisation=union_under(county), members=5)
    Registration.objects.filter(pk=registration.pk).update(committee_members=9)  # saved before the rule
    return registration


def test_flags_are_counted_per_county_within_scope(client, world):
    mine = crowded_committee(world.county_a)
    theirs = crowded_committee(world.county_b)
    counts, _names = counts_by_county(world.officer, keys=["committee_over_members"])
    assert dict(counts) == {world.county_a.pk: {"committee_over_members": 1}}
    counts, _names = counts_by_county(world.province_staff, keys=["committee_over_members"])
    assert {k: v["committee_over_members"] for k, v in counts.items()} == {world.county_a.pk: 1, world.county_b.pk: 1}

    client.force_login(world.officer)
    page = client.get(reverse("core:quality")).content.decode()
    assert "委员人数多于会员人数" in page and world.county_a.name in page and world.county_b.name not in page
    url = reverse("core:quality_list", args=["committee_over_members"])
    listed = client.get(url, {"county": world.county_a.pk}).content.decode()
    assert mine.get_absolute_url() in listed and theirs.get_absolute_url() not in listed
    assert client.get(url, {"county": world.county_b.pk}).status_code == 404  # out of scope: not found
    assert client.get(reverse("core:quality_list", args=["no_such_check"])).status_code == 404
    assert client.get(url, {"county": "x"}).status_code == 404


def test_every_check_runs_and_the_report_command_prints_each(world):
    crowded_committee(world.county_a)
    out = io.StringIO()
    call_command("quality_report", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == len(checks)
    assert any(line.startswith("committee_over_members") and " 1 " in line for line in lines)


def test_excellent_far_above_the_usual_share_is_flagged_per_county_and_year(world):
    def appraise(county, grades):
        made = []
        for grade in grades:
            cadre = CadreFactory(organisation=union_under(county), post=Post.MEMBER)
            made.append(CadreAppraisal.objects.create(cadre=cadre, year=2025, grade=grade, appraised_on="2025-12-20"))
        return made

    high = appraise(world.county_a, [Grade.EXCELLENT] * 6 + [Grade.COMPETENT] * 4)
    appraise(world.county_b, [Grade.EXCELLENT] * 2 + [Grade.COMPETENT] * 8)
    assert set(checks["excellent_share"].flagged()) == {a for a in high if a.grade == Grade.EXCELLENT}


def test_the_quality_page_asks_a_fixed_number_of_queries_whatever_the_flags(client, world):
    """The counts per county come from the maintained rollups (figures.rollups): once the first read after the
    writes has rebuilt the counties written, more flagged records in more counties ask nothing more of the
    database, and the counts are those of the checks."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.province_staff)
    crowded_committee(world.county_a)
    client.get(reverse("core:quality"))  # rebuilds the rollups of the area written
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("core:quality")).status_code == 200
    for county in (world.county_a, world.county_b, world.county_b):
        crowded_committee(county)
    client.get(reverse("core:quality"))
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("core:quality")).content.decode()
    assert len(many) == len(few)
    assert world.county_a.name in page and world.county_b.name in page
    counts, names = counts_by_county(world.province_staff, keys=["committee_over_members"])
    assert {names[k]: v["committee_over_members"] for k, v in counts.items()} == {
        world.county_a.name: 2,
        world.county_b.name: 2,
    }
    assert any("figures_figurerollup" in q["sql"] for q in many.captured_queries)


def test_six_has_flags_read_in_the_readers_language(world):
    """The six-has checks are registered once at start-up; their label and hint are formatted when shown."""
    from django.utils import translation

    with translation.override("en"):
        assert "Six-has item 3" in str(checks["six_has_3"].label)
        assert str(checks["six_has_3"].hint).startswith("Records:")
    assert "六有第3项" in str(checks["six_has_3"].label)
