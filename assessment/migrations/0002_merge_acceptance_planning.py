# Joins the two independent first migrations of the assessment app (acceptance and planning, built in parallel).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0001_acceptance"),
        ("assessment", "0001_planning"),
    ]

    operations = []
