import io

from django.contrib.auth import get_user_model
from django.urls import reverse

from cases.choices import CaseState
from cases.demo import fill_cases
from cases.models import Case
from homes.demo import fill_homes
from orgs.demo import seed_qinghai, seed_users
from orgs.models import Organisation
from tests.stations.factories import ServiceStationFactory


def test_demo_cases_reach_every_demo_user_and_are_idempotent(client, db):
    seed_qinghai(grassroots=150, seed=3)
    seed_users()
    fill_homes(seed=3, stdout=io.StringIO())
    chengdong = Organisation.objects.get(name="城东区总工会")
    ServiceStationFactory(host=chengdong, name="城东区职工服务站")
    out = io.StringIO()
    fill_cases(seed=3, stdout=out)
    assert "好经验：新建 7 个案例" in out.getvalue()
    states = sorted(Case.objects.values_list("state", flat=True))
    assert states.count(CaseState.PUBLISHED) == 4 and CaseState.SUBMITTED in states
    returned = Case.objects.get(return_reason__gt="")
    assert returned.state == CaseState.DRAFT and returned.organisation == chengdong
    shared = Case.objects.get(title__startswith="街道服务站")
    assert shared.unions.exists() and shared.stations.exists() and shared.published_by.username == "xining"
    assert shared.history.filter(history_user__username="chengdong").exists()
    users = get_user_model().objects
    client.force_login(users.get(username="xining"))
    waiting = Case.objects.get(state=CaseState.SUBMITTED)
    assert "发布" in client.get(waiting.get_absolute_url()).content.decode()
    client.force_login(users.get(username="chengdong"))
    listed = client.get(reverse("cases:case_list")).content.decode()
    assert "全省职工书屋按标准逐家验收" in listed and "商务楼宇联合建会试点" in listed
    fill_cases(seed=3, stdout=io.StringIO())
    assert Case.objects.count() == 7
