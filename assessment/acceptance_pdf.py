"""Printable PDFs: one report's sheet, and a table of many reports' results (a plan's results).

Made with fpdf2 (pure Python) and the WenQuanYi Micro Hei font shipped by the PyPI package paperang-p2-fonts-cjk,
so a fresh machine set up by `make` alone prints Chinese with no system fonts; fpdf2 embeds only the glyphs used
(a subset), so every viewer shows the text and a one-page report stays small.
"""

from functools import lru_cache
from importlib.resources import files

from django.utils import timezone
from django.utils.translation import gettext as _

FONT = "wqy"


@lru_cache(maxsize=1)
def font_path():
    return str(files("paperang_p2_fonts_cjk") / "fonts" / "wqy-microhei.ttc")


def _pdf(orientation="P"):
    from fpdf import FPDF

    pdf = FPDF(orientation=orientation, unit="mm", format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_margins(15, 15, 15)
    pdf.add_font(FONT, fname=font_path())
    pdf.set_font(FONT, size=10)
    pdf.set_creator("会站家一体化工作平台")
    return pdf


def _num(value):
    if value is None:
        return "—"
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _title(pdf, text, sub=""):
    pdf.set_font(FONT, size=16)
    pdf.cell(0, 10, text, align="C", new_x="LMARGIN", new_y="NEXT")
    if sub:
        pdf.set_font(FONT, size=10)
        pdf.cell(0, 6, sub, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(FONT, size=10)


def report_pdf_name(report):
    return f"{report.organisation.name}-{report.year}-考核验收表.pdf"


def report_pdf(report):
    """The sheet as inspectors know it, with totals, grade and signature lines for inspector and union."""
    from fpdf.fonts import FontFace

    from .acceptance_views import sheet_rows

    rubric = report.rubric
    pdf = _pdf()
    pdf.add_page()
    _title(pdf, _("%(year)s年度会站家一体化考核验收表") % {"year": report.year}, str(rubric))
    pdf.multi_cell(0, 6, _("被验收单位：%(org)s") % {"org": report.organisation.path_display()},
                   new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    inspectors = "、".join(u.get_full_name() or u.get_username() for u in report.inspectors.all()) or "—"
    pdf.multi_cell(0, 6, _("验收人员：%(names)s    状态：%(state)s") % {"names": inspectors,
                   "state": report.get_state_display()}, new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    pdf.ln(2)
    head = FontFace(fill_color=(225, 225, 225))
    group_face = FontFace(fill_color=(245, 245, 245))
    widths = (70, 58, 16, 18, 18)
    pdf.set_font(FONT, size=9)
    with pdf.table(col_widths=widths, text_align=("LEFT", "LEFT", "CENTER", "CENTER", "CENTER"),
                   headings_style=head, line_height=5, first_row_as_headings=True) as table:  # fmt: skip
        row = table.row()
        for label in (_("验收标准"), _("工作情况和数字说明"), _("应得分"), _("自评分"), _("验收分")):
            row.cell(label)
        for label, rows in sheet_rows(report):
            table.row().cell(label, colspan=5, style=group_face)
            for line in rows:
                item = line.item
                flags = []
                if item.is_gate:
                    flags.append(_("〔必备〕"))
                if item.is_bonus:
                    flags.append(_("〔加分项〕"))
                text = f"{item.order}、{item.text}{''.join(flags)}"
                facts = []
                if line.figure:
                    figure, value = line.figure
                    facts.append(f"{figure.name}：{_num(value.value)}{figure.unit}")
                if line.note:
                    facts.append(line.note)
                if line.inspector_note:
                    facts.append(_("验收意见：") + line.inspector_note)
                if line.spot_check_failed:
                    facts.append(_("抽查不合格"))
                row = table.row()
                row.cell(text)
                row.cell("\n".join(facts))
                row.cell(_num(item.max_score))
                row.cell(_num(line.self_score))
                row.cell(_num(line.accepted_score))
    pdf.ln(3)
    pdf.set_font(FONT, size=10)
    deduction = min(report.spot_check_failures * rubric.deduction_points, rubric.deduction_cap)
    pdf.multi_cell(0, 6, _("自评总分：%(s)s    验收总分：%(a)s    等次：%(g)s") % {
        "s": _num(report.self_total), "a": _num(report.accepted_total), "g": report.grade or "—"},
        new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    pdf.multi_cell(0, 6, _("抽查不合格 %(n)d 项，扣 %(d)s 分（每项 %(p)s 分，最多 %(c)s 分）。%(gate)s") % {
        "n": report.spot_check_failures, "d": _num(deduction), "p": _num(rubric.deduction_points),
        "c": _num(rubric.deduction_cap), "gate": _("必备项未达标，验收为不合格。") if report.gate_failed else ""},
        new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    if report.comment:
        pdf.multi_cell(0, 6, _("意见：") + report.comment, new_x="LMARGIN", new_y="NEXT")
    # Signature lines: the inspectors and the union sign the printed sheet on site.
    pdf.ln(10)
    half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    pdf.cell(half, 8, _("验收人员（签字）：________________"))
    pdf.cell(half, 8, _("被验收单位负责人（签字）：________________"), new_x="LMARGIN", new_y="NEXT")
    pdf.cell(half, 8, _("日期：______年____月____日"))
    pdf.cell(half, 8, _("（单位盖章）    日期：______年____月____日"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(FONT, size=8)
    pdf.cell(0, 5, _("打印时间：%(t)s") % {"t": timezone.localtime().strftime("%Y-%m-%d %H:%M")})
    return bytes(pdf.output())


def results_pdf(queryset, title):
    """Many reports in one table (a plan's results): union, year, state, self and accepted totals, grade."""
    from fpdf.fonts import FontFace

    pdf = _pdf("L")
    pdf.add_page()
    _title(pdf, str(title), timezone.localtime().strftime("%Y-%m-%d"))
    pdf.set_font(FONT, size=9)
    head = FontFace(fill_color=(225, 225, 225))
    with pdf.table(col_widths=(12, 120, 16, 34, 22, 22, 22, 19), headings_style=head, line_height=5,
                   text_align=("CENTER", "LEFT", "CENTER", "CENTER", "CENTER", "CENTER", "CENTER", "CENTER")) as table:  # fmt: skip
        row = table.row()
        for label in ("序号", "被验收单位", "年度", "状态", "自评总分", "验收总分", "等次", "必备项"):
            row.cell(_(label))
        rows = (
            queryset.select_related("organisation")
            .prefetch_related(None)
            .order_by("organisation__tree_id", "organisation__lft", "year")
        )
        for index, report in enumerate(rows.iterator(chunk_size=2000), start=1):
            row = table.row()
            row.cell(str(index))
            row.cell(report.organisation.name)
            row.cell(str(report.year))
            row.cell(report.get_state_display())
            row.cell(_num(report.self_total))
            row.cell(_num(report.accepted_total))
            row.cell(report.grade or "—")
            row.cell(_("未达标") if report.gate_failed else _("达标"))
    return bytes(pdf.output())
