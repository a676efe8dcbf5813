"""A malformed scenario file, or an unknown step, fails with its file and line; the rest still run."""

from __future__ import annotations

from pathlib import Path

from scenario_support import run_features

GOOD = """Feature: Fine
  Scenario: The home screen
    Then the screen shows "home"
"""
MALFORMED = """Feature: Broken
  Scenario: First
    Given the network goes down
  Scenaro: a typo in a keyword
    Then the screen shows "home"
"""
UNKNOWN = """# language: zh-CN
功能: 未知的步骤
  场景: 写错了一句
    假如 网络断开
    当 居民跳了一支舞
"""


def test_a_malformed_file_fails_alone_with_its_line_number(tmp_path: Path) -> None:
    out = run_features(tmp_path, {"good.feature": GOOD, "broken.feature": MALFORMED})
    assert out.returncode != 0
    assert "Line number: 4" in out.output and "Scenaro: a typo in a keyword" in out.output
    assert str(tmp_path / "broken.feature") in out.output
    assert "broken.feature::malformed" in out.output
    # The well-formed file in the same run was still collected and passed.
    assert "1 failed, 1 passed" in out.output


def test_an_unknown_step_fails_with_its_file_and_line(tmp_path: Path) -> None:
    out = run_features(tmp_path, {"unknown.feature": UNKNOWN})
    assert out.returncode == 1
    assert 'Step definition is not found: When "居民跳了一支舞"' in out.output
    assert "Line 5" in out.output and "unknown.feature" in out.output
    assert "step (line 5): 当 居民跳了一支舞" in out.output
