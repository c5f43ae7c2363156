"""The acceptance journey through the real pages: the county officer self-assesses and submits; the assigned
inspector scores on a tablet-sized screen, reloads and finds the scores kept, records a finding with a photo and a
rectification, and marks the report scored; the county officer answers the rectification with evidence and the
inspector verifies it; the prefecture accepts; the PDF downloads."""

import datetime

from PIL import Image

from assessment.models import Finding, Rectification
from tests.assessment import factories as f
from tests.factories import PASSWORD

TABLET = {"width": 820, "height": 1180}
DESKTOP = {"width": 1366, "height": 900}


def png(path):
    Image.new("RGB", (160, 120), (90, 140, 200)).save(path, "PNG")
    return path


def session(browser, live_server, user, viewport=DESKTOP):
    context = browser.new_context(viewport=viewport, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(f"{live_server.url}/")
    return context, page


def wait_saved(page):
    page.wait_for_selector("[data-sheet-status].alert-success", timeout=15000)


def fill_scores(page, field, scores):
    for index, value in enumerate(scores):
        page.locator(f'input[data-field="{field}"]').nth(index).fill(str(value))
    wait_saved(page)


def test_acceptance_journey(browser, live_server, world, shot, tmp_path):
    union = f.union(world.county_a, "甲一机械厂工会")
    report = f.report(union, owner=world.province, inspectors=[world.inspector])
    inspection = f.inspection(union, inspectors=[world.inspector], plan_=f.plan(world.prefecture_a, report.rubric))
    report_url = f"{live_server.url}{report.get_absolute_url()}"

    # 1. the county officer self-assesses and submits
    context, page = session(browser, live_server, world.officer)
    page.goto(report_url)
    fill_scores(page, "self_score", [40, 20, 18, 20, 3])
    page.locator('textarea[data-field="note"]').first.fill("主席经选举产生，已参加培训。")
    wait_saved(page)
    assert page.locator('[data-total="self_total"]').inner_text() == "101.0"
    shot(page, "self-assessed")
    page.click('[data-action="submit"]')
    page.wait_for_selector("text=已报送自评")
    shot(page, "submitted")
    context.close()

    # 2. the inspector scores on a tablet, reloads, and finds the scores kept
    context, page = session(browser, live_server, world.inspector, TABLET)
    page.goto(report_url)
    fill_scores(page, "accepted_score", [40, 18, 16, 20, 2])
    page.reload()
    kept = [page.locator('input[data-field="accepted_score"]').nth(i).input_value() for i in range(5)]
    assert kept == ["40.0", "18.0", "16.0", "20.0", "2.0"]
    assert page.locator('[data-total="accepted_total"]').inner_text() == "96.0"
    shot(page, "scored-on-tablet-after-reload")

    # … a finding with a photo, and a rectification
    page.goto(f"{live_server.url}{inspection.get_absolute_url()}")
    page.click("[data-add-finding]")
    page.fill("textarea[name=text]", "职工书屋藏书不足 3000 册")
    page.set_input_files("input[name=attachments]", png(tmp_path / "书屋.png"))
    shot(page, "finding-form")
    page.click("form button[type=submit].btn-primary")
    page.wait_for_selector("text=已保存")
    finding = Finding.objects.get(inspection=inspection)
    assert finding.photos.count() == 1 and finding.recorded_by == world.inspector
    page.click("[data-add-rectification]")
    page.fill("textarea[name=requirement]", "补充图书至 3000 册并建立借阅制度")
    page.fill("input[name=responsible]", "工会主席")
    page.fill("input[name=deadline]", (datetime.date.today() + datetime.timedelta(days=30)).isoformat())
    page.click("form button[type=submit].btn-primary")
    page.wait_for_selector("text=已保存")
    shot(page, "rectification-opened")

    # … and marks the report scored
    page.goto(report_url)
    page.click('[data-action="score"]')
    page.wait_for_selector("text=已完成验收评分")
    shot(page, "marked-scored")
    context.close()
    rectification = Rectification.objects.get(finding=finding)

    # 3. the county officer answers the rectification with evidence; the inspector verifies it
    context, page = session(browser, live_server, world.officer)
    page.goto(f"{live_server.url}{rectification.get_absolute_url()}")
    page.fill("textarea[name=answer]", "已购置图书 1200 册，借阅制度已上墙。")
    page.set_input_files("input[name=files]", png(tmp_path / "图书.png"))
    page.click('[data-action="answer"]')
    page.wait_for_selector("text=已填报整改情况")
    shot(page, "rectification-answered")
    context.close()
    context, page = session(browser, live_server, world.inspector, TABLET)
    page.goto(f"{live_server.url}{rectification.get_absolute_url()}")
    page.click('[data-action="verify"]')
    page.wait_for_selector("text=已核查通过")
    shot(page, "rectification-verified")
    context.close()
    rectification.refresh_from_db()
    assert rectification.status == "verified" and rectification.evidence.count() == 1

    # 4. the prefecture accepts; the PDF downloads
    context, page = session(browser, live_server, world.prefecture_officer)
    page.goto(report_url)
    page.fill("textarea[name=comment]", "同意验收。")
    page.click('[data-action="accept"]')
    page.wait_for_selector("text=已验收通过")
    shot(page, "accepted")
    with page.expect_download() as download:
        page.click("[data-pdf-link]")
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(4) == b"%PDF"
    context.close()
    report.refresh_from_db()
    assert report.state == "accepted" and report.decided_by == world.prefecture_officer
