"""A dashboard as data for its charts, as an xlsx workbook and as a one-page PDF briefing (the assessment's PDF
machinery: fpdf2 with the bundled CJK font)."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _text(value):
    if value.value is None:
        return "—"
    if value.denominator is None:
        return str(value.value)
    return f"{value.value}%"


def chart_data(context):
    """What the page's charts read (json_script): the breakdown's labels and each figure's values."""
    rows = context["rows"]
    return {
        "labels": [row["label"] for row in rows],
        "figures": [
            {
                "key": figure.key,
                "name": str(figure.name),
                "unit": str(figure.unit),
                "values": [row["values"][figure.key].value for row in rows],
            }
            for figure in context["figures"]
        ],
    }


def file_name(context, ext):
    org = context["organisation"]
    return f"{org.name}-{context['year']}-{_('统计')}-{timezone.localdate():%Y%m%d}.{ext}"


def table(context):
    """(header, rows) of the breakdown: each figure's value, numerator and denominator."""
    header = [_("组织或分组")]
    for figure in context["figures"]:
        header += [f"{figure.name}", _("%(name)s·分子") % {"name": figure.name}]
        if not figure.is_count:
            header.append(_("%(name)s·分母") % {"name": figure.name})
    rows = []
    for row in context["rows"]:
        line = [row["label"]]
        for figure in context["figures"]:
            value = row["values"][figure.key]
            line += [value.value, value.numerator]
            if not figure.is_count:
                line.append(value.denominator)
        rows.append(line)
    return header, rows


def workbook(context):
    """Two sheets: the subtree's figures (with target and gap) and the breakdown shown on the page. Every cell
    is written as a value, never a formula (core.exports' settings)."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"strings_to_numbers": False, "strings_to_formulas": False})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet(_("指标"))
    sheet.write_row(
        0, 0, [_("指标"), _("数值"), _("单位"), _("分子"), _("分母"), _("目标"), _("差距"), _("口径")], bold
    )
    for index, row in enumerate(context["headline"], start=1):
        figure, value = row["figure"], row["value"]
        sheet.write_row(
            index,
            0,
            [
                str(figure.name),
                value.value,
                str(figure.unit),
                value.numerator,
                value.denominator,
                None if row["target"] is None else float(row["target"]),
                None if row["gap"] is None else float(row["gap"]),
                str(figure.definition),
            ],
        )
    header, rows = table(context)
    sheet = book.add_worksheet(str(context["cut_label"])[:31])
    sheet.write_row(0, 0, header, bold)
    for index, line in enumerate(rows, start=1):
        sheet.write_row(index, 0, line)
    book.close()
    return buffer.getvalue()


def briefing(context):
    """One A4 page: the headline figures with target and gap, the breakdown's rows with the main rates, and the
    assessment's state."""
    from fpdf.fonts import FontFace

    from assessment.acceptance_pdf import FONT, _num, _pdf, _title

    org, year = context["organisation"], context["year"]
    pdf = _pdf("P")
    pdf.add_page()
    _title(
        pdf,
        _("%(name)s %(year)s 年会站家一体化建设情况简报") % {"name": org.name, "year": year},
        _("数据截至 %(time)s") % {"time": timezone.localtime().strftime("%Y-%m-%d %H:%M")},
    )
    head = FontFace(fill_color=(225, 225, 225))
    pdf.set_font(FONT, size=9)
    with pdf.table(col_widths=(60, 40, 25, 25), headings_style=head, line_height=5) as sheet:
        row = sheet.row()
        for label in (_("指标"), _("数值（分子/分母）"), _("目标"), _("差距")):
            row.cell(label)
        for item in context["headline"]:
            value = item["value"]
            row = sheet.row()
            row.cell(str(item["figure"].name))
            shown = _text(value)
            if value.denominator is not None:
                shown += f" ({value.numerator}/{value.denominator})"
            row.cell(shown)
            row.cell(_num(item["target"]))
            row.cell(_num(item["gap"]))
    rates = [f for f in context["figures"] if not f.is_count][:5]
    if context["rows"]:
        pdf.ln(3)
        pdf.set_font(FONT, size=11)
        pdf.cell(0, 7, str(context["cut_label"]), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, size=8)
        with pdf.table(col_widths=(50,) + (26,) * len(rates), headings_style=head, line_height=4) as sheet:
            row = sheet.row()
            row.cell(_("组织或分组"))
            for figure in rates:
                row.cell(str(figure.name))
            for line in context["rows"][:30]:
                row = sheet.row()
                row.cell(line["label"])
                for figure in rates:
                    row.cell(_text(line["values"][figure.key]))
    assessment = context.get("assessment")
    if assessment:
        pdf.ln(3)
        pdf.set_font(FONT, size=10)
        grades = "、".join(f"{g['grade'] or _('未定')} {g['n']}" for g in assessment["grades"]) or "—"
        lines = [
            _("目标完成：%(met)s / %(total)s 项")
            % {"met": assessment["targets_met"], "total": assessment["targets_total"]},
            _("验收平均分：%(score)s（已验收 %(n)s 份）；等次分布：%(grades)s")
            % {"score": _num(assessment["mean_score"]), "n": assessment["reports"], "grades": grades},
            _("整改：未完成 %(open)s 项，其中逾期 %(overdue)s 项")
            % {"open": assessment["open_rectifications"], "overdue": assessment["overdue_rectifications"]},
        ]
        for text in lines:
            pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
