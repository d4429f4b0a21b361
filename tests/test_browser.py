"""The built site in a real browser: headless Chromium (Debian's package, no download).

Opens the landing page, follows a language link, drives the threshold explorer
(slider and prevalence box) and compares what it shows with medcourse.metrics,
follows the language switcher, and keeps screenshots under _build/screenshots/
as artifacts. Skipped when Chromium or its driver is missing, unless
MEDCOURSE_REQUIRE_BROWSER=1 (CI sets it), in which case that is a failure.
"""

from __future__ import annotations

import html
import json
import os
import shutil

import numpy as np
import pytest
from cases import REPO

from medcourse import book, clinical, metrics

SHOTS = REPO / "_build" / "screenshots"


def _browser_paths() -> tuple[str | None, str | None]:
    chrome = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser"),
                               shutil.which("google-chrome")) if p), None)
    return chrome, shutil.which("chromedriver")


@pytest.fixture(scope="module")
def driver():
    chrome, chromedriver = _browser_paths()
    required = os.environ.get("MEDCOURSE_REQUIRE_BROWSER") == "1"
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        if required:
            raise
        pytest.skip("selenium is not installed")
    if not (chrome and chromedriver):
        if required:
            pytest.fail("MEDCOURSE_REQUIRE_BROWSER=1 but chromium/chromedriver are missing "
                        "(apt-get install chromium chromium-driver)")
        pytest.skip("chromium or chromedriver is not installed")
    options = Options()
    options.binary_location = chrome
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1000", "--allow-file-access-from-files"):
        options.add_argument(arg)
    browser = webdriver.Chrome(service=Service(chromedriver), options=options)
    browser.set_page_load_timeout(60)
    yield browser
    browser.quit()


@pytest.fixture(scope="module")
def site():
    book.build(REPO, log=None)
    SHOTS.mkdir(parents=True, exist_ok=True)
    return REPO / "_build" / "site"


def _wait(driver, script: str, timeout: float = 10.0):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(lambda d: d.execute_script(script))


def _explorer_value(driver, role: str) -> str:
    return driver.execute_script(
        f"return document.querySelector('.mc-explorer [data-role=\"{role}\"]').textContent")


@pytest.mark.slow
def test_landing_page_and_language_links(driver, site):
    from selenium.webdriver.common.by import By

    driver.get((site / "index.html").as_uri())
    links = {a.get_attribute("hreflang"): a for a in driver.find_elements(By.CSS_SELECTOR, "li a")}
    editions = book.available_editions(REPO)
    assert sorted(links) == sorted(book.EDITIONS[c].html_lang for c in editions)
    driver.save_screenshot(str(SHOTS / "landing.png"))
    links["en"].click()
    _wait(driver, "return document.readyState === 'complete'")
    assert driver.current_url.endswith("/en/index.html")
    assert driver.execute_script("return document.documentElement.lang") == "en"


@pytest.mark.slow
def test_threshold_explorer_matches_the_metrics(driver, site):
    page = site / "en" / "thresholds.html"
    driver.get(page.as_uri())
    _wait(driver, "return document.querySelector('.mc-explorer[data-ready=\"true\"]') !== null")
    raw = driver.execute_script("return document.querySelector('.mc-explorer').getAttribute('data-config')")
    config = json.loads(html.unescape(raw))
    y, s = np.array(config["y_true"]), np.array(config["y_score"])

    def shown() -> dict[str, str]:
        return {k: _explorer_value(driver, k) for k in ("tp", "fp", "tn", "fn", "sensitivity", "ppv_at")}

    for cut in (0.5, 0.3, 0.83):
        driver.execute_script(
            "const s = document.querySelector('.mc-explorer input[type=range]');"
            f"s.value = '{cut}'; s.dispatchEvent(new Event('input'));")
        c = metrics.confusion_counts(y, s, threshold=cut)
        values = shown()
        assert [int(values[k]) for k in ("tp", "fp", "tn", "fn")] == [c.tp, c.fp, c.tn, c.fn], cut
        sens = metrics.sensitivity_score(y, s, threshold=cut)
        assert values["sensitivity"] == f"{100 * sens:.1f}%"
    driver.save_screenshot(str(SHOTS / "en-thresholds-explorer.png"))

    # a 5% prevalence: PPV from Bayes' rule, as clinical.predictive_values computes it
    driver.execute_script(
        "const p = document.querySelector('.mc-explorer [data-role=prevalence]');"
        "p.value = '5'; p.dispatchEvent(new Event('input'));")
    p = clinical.operating_point(y, s, threshold=0.83)
    expected = clinical.predictive_values(p.sensitivity, p.specificity, 0.05)
    assert _explorer_value(driver, "ppv_at") == f"{100 * expected.ppv:.1f}%"
    assert _explorer_value(driver, "npv_at") == f"{100 * expected.npv:.1f}%"


@pytest.mark.slow
def test_switcher_and_one_screenshot_per_edition(driver, site):
    from selenium.webdriver.common.by import By

    editions = book.available_editions(REPO)
    for code in editions:
        driver.get((site / code / "thresholds.html").as_uri())
        _wait(driver, "return document.readyState === 'complete'")
        assert driver.execute_script("return document.documentElement.lang") == book.EDITIONS[code].html_lang
        driver.save_screenshot(str(SHOTS / f"{code}-thresholds.png"))
        links = driver.find_elements(By.CSS_SELECTOR, ".mc-language-switcher a")
        assert len(links) == len(editions) - 1
        for link in links:
            assert link.get_attribute("href").endswith("/thresholds.html")
    assert all((SHOTS / f"{code}-thresholds.png").stat().st_size > 10_000 for code in editions)
    if len(editions) > 1:   # follow the switcher to the next edition
        driver.get((site / "en" / "thresholds.html").as_uri())
        driver.find_elements(By.CSS_SELECTOR, ".mc-language-switcher a")[0].click()
        _wait(driver, "return document.readyState === 'complete'")
        assert driver.current_url.endswith("/thresholds.html")
        assert driver.execute_script("return document.documentElement.lang") != "en"
