"""The default indicators of the yearly duty appraisal (100 points); administrators change them in the admin."""

from decimal import Decimal

from django.db import migrations

DEFAULTS = [("政治素质", 15, "理想信念、政治立场、遵守纪律"), ("履职尽责", 30, "完成年度工作任务、依法依章履职"),
            ("服务职工", 25, "维权帮扶、服务站和职工之家建设"), ("联系职工", 15, "联系服务职工、走访基层工会"),
            ("廉洁自律", 15, "遵守廉洁从政规定、规范使用工会经费")]  # fmt: skip


def create(apps, schema_editor):
    Indicator = apps.get_model("cadres", "AppraisalIndicator")
    if Indicator.objects.exists():
        return
    Indicator.objects.bulk_create(
        Indicator(name=name, max_score=Decimal(score), order=index * 10, description=note)
        for index, (name, score, note) in enumerate(DEFAULTS, 1)
    )


class Migration(migrations.Migration):
    dependencies = [("cadres", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
