from django.db import models
from django.utils.translation import gettext_lazy as _

# One list of genders, ethnic groups and kinds of post for union chairs and cadres alike.
from unions.choices import Employment, Ethnicity, Gender  # noqa: F401


class Post(models.TextChoices):
    CHAIR = "chair", _("主席")
    VICE_CHAIR = "vice_chair", _("副主席")
    MEMBER = "member", _("委员")
    AUDIT_HEAD = "audit_head", _("经审主任")
    WOMEN_HEAD = "women_head", _("女职委主任")
    STAFF = "staff", _("干事/工作人员")
    OTHER = "other", _("其他")


# Order in which a union's cadres are listed: the chair first.
POST_ORDER = {post: index for index, post in enumerate(Post.values)}


class Selection(models.TextChoices):
    ELECTION = "election", _("选举")
    COMPETITION = "competition", _("竞争择优")
    APPOINTMENT = "appointment", _("委派/任命")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    COMPETENT = "competent", _("称职")
    BASIC = "basic", _("基本称职")
    INCOMPETENT = "incompetent", _("不称职")


class ContactWay(models.TextChoices):
    VISIT = "visit", _("走访")
    PHONE = "phone", _("电话")
    MEETING = "meeting", _("座谈会")
    ONLINE = "online", _("网络")
