"""A scenario whose expectation is wrong fails with the step, what was expected and what was seen."""

from __future__ import annotations

import re
from pathlib import Path

from scenario_support import run_features

WRONG = """Feature: A tester's mistake
  Scenario: The receipt is expected one screen too early
    Given resident "R0101" is on the "form" screen of "hotline_12345"
    When the resident fills in the required fields
    Then the screen shows "receipt"
    And the outbox holds 0 waiting and 0 sent submissions
"""


def test_a_wrong_expectation_names_the_step_the_expectation_and_what_was_seen(
        tmp_path: Path) -> None:
    out = run_features(tmp_path, {"wrong.feature": WRONG})
    assert out.returncode == 1, out.output
    text = out.output
    assert 'Scenario "The receipt is expected one screen too early" (wrong.feature:2, headless)' \
        in text
    assert 'step (line 5): Then the screen shows "receipt"' in text
    assert "expected: the receipt screen" in text
    assert re.search(r"seen:\s+the form screen", text), text
    # Plain words, not a traceback into the step machinery.
    assert "Traceback" not in text and "vocabulary.py" not in text
    html = out.report_html()
    assert "expected: the receipt screen" in html and "seen:     the form screen" in html
    # The step after the failure is listed as not run.
    assert "the outbox holds 0 waiting and 0 sent submissions" in html and "not run" in html


def test_a_bad_argument_fails_with_its_line_and_the_allowed_words(tmp_path: Path) -> None:
    feature = """Feature: Typos
  Scenario: A printer state nobody knows
    Given the printer reports "jammed"
"""
    out = run_features(tmp_path, {"typo.feature": feature})
    assert out.returncode == 1
    assert 'step (line 3): Given the printer reports "jammed"' in out.output
    assert "bad argument: printer state 'jammed' is not known; use one of" in out.output
    assert '"paper out"' in out.output
