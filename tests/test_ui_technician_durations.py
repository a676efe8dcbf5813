"""The technician screen says times in the kiosk's language: 秒/分钟/毫秒 in Chinese, s/min/ms in English.

Uptime, the hub's answer time and the oldest waiting submission's age once showed
SI symbols in both languages; switching the language re-words the figures shown,
without reading the terminal's state again.
"""

from __future__ import annotations

import re
from typing import Any

from technician_support import sign_in_with_card, sign_out, technician
from ui_support import kiosk_harness, tap, wait_for


def test_durations_follow_the_language(qapp: Any, qtbot: Any, tmp_path: Any) -> None:
    with kiosk_harness(tmp_path / "kiosk-data") as k:
        wait_for(qtbot, k.ui, "homeScreen")
        sign_in_with_card(qtbot, k)
        status = technician(k).status
        assert re.fullmatch(r"\d+ (秒|分钟)|\d+ 小时 \d+ 分钟", status["uptime"]), status["uptime"]
        assert re.fullmatch(r"\d+ 毫秒", status["hub"]["latency"]), status["hub"]["latency"]
        tap(qtbot, k.ui, "languageButton")
        qtbot.waitUntil(lambda: k.ui.journey.value("locale") == "en_US", timeout=5000)
        status = technician(k).status
        assert re.fullmatch(r"\d+ (s|min)|\d+ h \d+ min", status["uptime"]), status["uptime"]
        assert re.fullmatch(r"\d+ ms", status["hub"]["latency"]), status["hub"]["latency"]
        sign_out(qtbot, k)
