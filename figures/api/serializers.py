from rest_framework import serializers


class FigureSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="e.g. membership_rate, six_has_rate, station_coverage")
    name = serializers.CharField(help_text="Chinese name of the figure")
    unit = serializers.CharField(help_text='"%" for rates, else the counted unit')
    definition = serializers.CharField()
    value = serializers.FloatField(allow_null=True, help_text="percentage for rates; null when the denominator is 0")
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField(allow_null=True, help_text="null for counts")
    target = serializers.FloatField(
        required=False, help_text="the target a plan of the level above sets for the organisation, where one does"
    )


class ChildFiguresSerializer(serializers.Serializer):
    organisation = serializers.IntegerField()
    name = serializers.CharField()
    level = serializers.CharField()
    figures = FigureSerializer(many=True)


class GroupFiguresSerializer(serializers.Serializer):
    group = serializers.IntegerField(allow_null=True, help_text="null for the row of the organisations in no group")
    code = serializers.CharField(allow_blank=True)
    name = serializers.CharField()
    figures = FigureSerializer(many=True)


class FiguresSerializer(serializers.Serializer):
    organisation = serializers.IntegerField()
    name = serializers.CharField()
    year = serializers.IntegerField()
    by = serializers.CharField(allow_blank=True)
    count = serializers.IntegerField()
    results = serializers.ListField(
        child=serializers.DictField(),
        help_text="Without `by`: the figures of the organisation's subtree (key, name, unit, definition, value, "
        "numerator, denominator). With `by=children`: one row per active child organisation "
        "(organisation, name, level, figures). With `by=<group set code>`: one row per group (group, code, name, "
        "figures), and for an exclusive set a last row (group null) of the organisations in no group.",
    )
