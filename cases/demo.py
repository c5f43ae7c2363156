"""Demo cases: a few good practices at every stage, written and stepped through the services by the demo users
(城东区's officer writes and submits, 西宁市's publishes or returns; the province writes and publishes its own), so
that each demo user sees published cases, one waiting for them and one sent back.

Idempotent: a case whose title is already there is left alone. Deterministic: the unions, stations and homes a
case involves are the first ones of its county in tree order."""

from django.contrib.auth import get_user_model
from django.db import transaction

from core.scope import subtree_q
from core.text import normalise_name
from groups.models import Group
from homes.models import WorkersHome
from orgs.choices import Level
from orgs.demo import PROVINCE_UNION
from orgs.models import Organisation
from stations.models import ServiceStation

from . import services
from .choices import CaseState
from .models import Case

PARAGRAPHS = {
    "share": (
        "城东区总工会依托街道职工服务站，把工会办公室、职工书屋、法律援助窗口和活动室集中布置在同一处，"
        "做到一室多用、资源共享。\n\n"
        "服务站每周五天开放，专职工作人员与社区工会干部轮流值守，职工之家的活动和服务站的台账统一登记，"
        "一年来开展权益维护、帮扶救助等服务两百余次。\n\n"
        "下一步将把做法推广到辖区其他街道，形成“会站家”一体化的标准样板。"
    ),
    "relay": (
        "针对外卖送餐员、快递员等新就业形态劳动者休息难、饮水难的问题，在商圈和园区设立“暖心驿站”，"
        "由附近基层工会认领管理。\n\n驿站提供饮水热饭、手机充电、应急药箱和法律咨询，并定期组织入会宣传。"
    ),
    "cadres": (
        "在社区工会干部中推行“选管用”一体培养：选优配强专职社会化工会工作者，建立年度履职量化考核，"
        "考核结果与岗位补贴挂钩。\n\n各社区工会每季度交流一次工作经验。"
    ),
    "joint": "在商务楼宇推进联合基层工会建会，楼宇物业牵头，入驻企业共同参与。\n\n目前已有十余家企业加入。",
    "four": (
        "西宁市总工会落实目标责任制，坚持统一部署工作、统一配置力量、统一检查指导、统一考核验收。\n\n"
        "年初将目标分解到各区县，年中组织检查指导，年底按验收标准逐项打分，结果通报全市。"
    ),
    "books": (
        "全省推进职工书屋建设，按照有标牌、有场所、有书架、有电脑、有三千册以上藏书、有数字阅读平台、"
        "有管理员、有借阅制度的标准逐家验收。\n\n对牧区基层工会配送流动书箱，定期轮换。"
    ),
    "pastoral": (
        "牧区工会把服务站设在乡镇政府和寄宿制学校附近，利用转场间隙集中开展技能培训和政策宣讲，"
        "并组建流动服务小分队上门服务。\n\n服务对象登记建档，困难职工一户一策跟踪帮扶。"
    ),
}


def _user(username):
    return get_user_model().objects.filter(username=username).first()


def _first(queryset, n=1):
    return list(queryset[:n])


def _group(set_code, code):
    return _first(Group.objects.filter(group_set__code=set_code, code=code))


def _involving(county, n_unions=2):
    """The first grassroots unions, station and home of a county's subtree."""
    unions = _first(
        Organisation.objects.filter(subtree_q("", [county]), level=Level.GRASSROOTS, status="active").order_by(
            "tree_id", "lft"
        ),
        n_unions,
    )
    stations = _first(ServiceStation.objects.filter(subtree_q("host__", [county])).order_by("pk"))
    homes = _first(WorkersHome.objects.filter(subtree_q("organisation__", [county])).order_by("pk"))
    return {"unions": unions, "stations": stations, "homes": homes}


def _case(spec, existing):
    """Write one case and take it through its steps, unless a case of that title is there already."""
    title, org, author, reviewer, target, measures, body, related = spec
    if normalise_name(title) in existing or org is None or author is None:
        return None
    summary = body.split("\n\n")[0][:120]
    case = Case(title=title, organisation=org, summary=summary, body=body, measures=measures)
    services.case_create(actor=author, instance=case, **related)
    if target in (CaseState.SUBMITTED, CaseState.PUBLISHED, "returned"):
        services.case_submit(actor=author, case=case)
    if target == CaseState.PUBLISHED:
        services.case_publish(actor=reviewer, case=case)
    elif target == "returned":
        services.case_return(actor=reviewer, case=case, reason="请补充具体数据（服务人次、覆盖职工数）和照片后再报送。")
    return case


@transaction.atomic
def fill_cases(*, seed, stdout=None):
    say = stdout.write if stdout else (lambda *_a: None)
    root = Organisation.objects.filter(parent=None, name=PROVINCE_UNION).first()
    if root is None:
        return
    by_code = {
        org.division_code: org
        for org in Organisation.objects.filter(
            division_code__in=["630100000000", "630102000000"], level__in=[Level.PREFECTURE, Level.COUNTY]
        )
    }
    xining, chengdong = by_code.get("630100000000"), by_code.get("630102000000")
    pastoral = _first(
        Organisation.objects.filter(subtree_q("", [root]), level=Level.COUNTY, division_code__startswith="6322")
        .order_by("division_code")
    )  # fmt: skip
    pastoral = pastoral[0] if pastoral else None
    admin, sheng, xining_user, chengdong_user = (_user(name) for name in ("admin", "sheng", "xining", "chengdong"))
    near = _involving(chengdong) if chengdong else {}
    urban, pastoral_group = _group("region_type", "urban"), _group("region_type", "pastoral")
    specs = [
        ("街道服务站与职工之家共建共享、“会站家”一体运行", chengdong, chengdong_user, xining_user,
         CaseState.PUBLISHED, "hui,zhan,jia", PARAGRAPHS["share"], {**near, "groups": urban}),
        ("商圈“暖心驿站”服务新就业形态劳动者", chengdong, chengdong_user, xining_user, CaseState.SUBMITTED,
         "zhan,mechanism", PARAGRAPHS["relay"], {"unions": near.get("unions", [])[:1]}),
        ("社区工会干部“选管用”一体培养", chengdong, chengdong_user, xining_user, "returned", "team",
         PARAGRAPHS["cadres"], {}),
        ("商务楼宇联合建会试点", chengdong, chengdong_user, xining_user, CaseState.DRAFT, "hui",
         PARAGRAPHS["joint"], {}),
        ("以“四个统一”落实目标责任制", xining, xining_user, sheng, CaseState.PUBLISHED, "mechanism,team",
         PARAGRAPHS["four"], {"unions": [chengdong] if chengdong else []}),
        ("全省职工书屋按标准逐家验收", root, sheng, sheng, CaseState.PUBLISHED, "jia", PARAGRAPHS["books"], {}),
        ("牧区流动服务小分队上门服务", pastoral, admin, admin, CaseState.PUBLISHED, "zhan,team",
         PARAGRAPHS["pastoral"], {**(_involving(pastoral) if pastoral else {}), "groups": pastoral_group}),
    ]  # fmt: skip
    titles = [normalise_name(spec[0]) for spec in specs]  # as the model stores them (core.text)
    existing = set(Case.objects.filter(title__in=titles).values_list("title", flat=True))
    made = [case for case in (_case(spec, existing) for spec in specs) if case is not None]
    say(f"好经验：新建 {len(made)} 个案例\n")
