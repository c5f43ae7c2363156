from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityCategory(models.TextChoices):
    """The five services of a station (same codes as stations.ServiceCategory), plus what homes and unions
    also organise."""

    RIGHTS = "rights", _("权益维护")
    RELIEF = "relief", _("帮扶救助")
    RECREATION = "recreation", _("休闲娱乐")
    VOLUNTEERING = "volunteering", _("志愿服务")
    EDUCATION = "education", _("科普教育")
    CULTURE_SPORTS = "culture_sports", _("文化体育")
    TRAINING = "training", _("技能培训")
    OTHER = "other", _("其他")
