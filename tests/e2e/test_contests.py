"""An entrant registers with a phone code and takes an attempt on a phone-sized screen."""

import pytest
from playwright.sync_api import Browser, expect

from tuyengiao.contests.models import Attempt, Option
from tuyengiao.contests.tests.builders import (
    RecordingSender,
    add_questions,
    make_contest,
    make_round,
)

pytestmark = pytest.mark.e2e

PHONE = "0912345678"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_attempt_on_a_phone(live_server, browser: Browser, screenshot, city, settings):
    settings.CONTESTS_CODE_SENDER = "tuyengiao.contests.tests.builders.RecordingSender"
    settings.CONTESTS_MIN_FORM_SECONDS = 0
    RecordingSender.sent.clear()
    contest = make_contest(city.city, slug="nghi-quyet", questions_per_attempt=3)
    add_questions(contest, 5)
    make_round(contest)

    context = browser.new_context(
        locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/cuoc-thi/nghi-quyet/")
    expect(page.get_by_role("heading", level=1)).to_have_text(contest.title)
    page.locator("a.button").click()
    page.locator("input[name=phone]").fill("0912 345 678")
    screenshot(page, "contests-register-phone")
    page.locator("form button[type=submit]").click()

    page.locator("input[name=code]").fill(RecordingSender.last_code(PHONE))
    page.locator("input[name=full_name]").fill("Nguyễn Thị Mai")
    page.locator("input[name=birth_year]").fill("1995")
    page.locator("select[name=unit]").select_option(label="Đảng ủy phường Ánh Dương")
    page.locator("input[name=consent]").check()
    screenshot(page, "contests-register-details")
    page.locator("form button[type=submit]").click()

    expect(page.locator("main")).to_contain_text("Nguyễn Thị Mai")
    page.locator("form button[type=submit]").click()
    expect(page.locator("fieldset")).to_have_count(4)  # three questions and the prediction
    attempt = Attempt.objects.get()
    for item in attempt.paper:
        for option in Option.objects.filter(question_id=item["q"], is_correct=True):
            page.locator(f"input[name=q{item['q']}][value='{option.pk}']").check()
    page.locator("input[name=prediction]").fill("1")
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, "the paper is wider than a phone screen"
    screenshot(page, "contests-attempt")
    page.locator("#paper button[type=submit]").click()

    expect(page.locator("#result")).to_contain_text("3/3")
    screenshot(page, "contests-result")
    attempt.refresh_from_db()
    assert (attempt.status, attempt.correct, attempt.prediction) == ("submitted", 3, 1)
    context.close()
