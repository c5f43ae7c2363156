from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已报送")
    PUBLISHED = "published", _("已发布")


class Measure(models.TextChoices):
    """The measure a case is an example of: 会、站、家 and the two the policy builds them with."""

    HUI = "hui", _("会")
    ZHAN = "zhan", _("站")
    JIA = "jia", _("家")
    TEAM = "team", _("队伍")
    MECHANISM = "mechanism", _("机制")


MEASURE_ORDER = [value for value, _label in Measure.choices]
