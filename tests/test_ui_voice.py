"""Elder-mode voice prompts: say() never blocks, a new prompt cuts the old one, no backend is silent."""

from __future__ import annotations

import signal
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from ui.voice import Voice

# A stand-in "espeak-ng" that speaks for a minute: sh ignores the espeak arguments ($0, $1…).
LONG_UTTERANCE = ["sh", "-c", "exec sleep 60", "espeak-ng"]


def _wait_for_process(voice: Voice) -> subprocess.Popen[bytes]:
    assert voice.flush(10.0), "the voice thread did not pick up the prompt"
    proc = voice.speaking_process()
    assert proc is not None, "no utterance process is running"
    return proc


def test_say_returns_while_the_utterance_is_still_running() -> None:
    voice = Voice("espeak", command=LONG_UTTERANCE)
    try:
        voice.say("请放置身份证", "zh_CN")
        # say() has returned; the minute-long utterance is still going on the side.
        proc = _wait_for_process(voice)
        assert proc.poll() is None
    finally:
        voice.close()
    assert proc.wait(10) == -signal.SIGTERM


def test_a_new_prompt_stops_the_previous_one() -> None:
    voice = Voice("espeak", command=LONG_UTTERANCE)
    try:
        voice.say("第一屏", "zh_CN")
        first = _wait_for_process(voice)
        voice.say("Second screen", "en_US")
        second = _wait_for_process(voice)
        assert second is not first
        assert first.wait(10) == -signal.SIGTERM
        assert second.poll() is None
        voice.stop()
        assert voice.flush(10.0)
        assert second.wait(10) == -signal.SIGTERM
        assert voice.speaking_process() is None
    finally:
        voice.close()


def test_missing_espeak_binary_is_silent(tmp_path: Path) -> None:
    voice = Voice("espeak", command=[str(tmp_path / "no-such-espeak-ng")])
    try:
        voice.say("请放置身份证", "zh_CN")
        assert voice.flush(10.0)
        assert voice.speaking_process() is None
        assert not voice.available
        voice.say("again", "en_US")  # still no exception once it knows
        voice.stop()
    finally:
        voice.close()


def test_no_backend_at_all_is_silent() -> None:
    voice = Voice("none")
    assert voice.backend == "none" and not voice.available
    voice.say("请放置身份证", "zh_CN")
    voice.stop()
    assert voice.flush(1.0)
    voice.close()


def test_backend_that_exits_with_an_error_does_not_disturb_the_caller() -> None:
    # Like espeak-ng on a terminal without a sound card: it starts, complains, exits 1.
    voice = Voice("espeak", command=[sys.executable, "-c", "import sys; sys.exit(1)"])
    try:
        for i in range(5):
            voice.say(f"提示 {i}", "zh_CN")
        assert voice.flush(10.0)
    finally:
        voice.close()


@pytest.mark.parametrize(("locale", "text"), [("zh_CN", "请把身份证放在读卡区"),
                                              ("en_US", "Place your ID card on the reader")])
def test_real_espeak_speaks_both_languages(tmp_path: Path, locale: str, text: str) -> None:
    voice = Voice("espeak", wav_dir=tmp_path)
    try:
        assert voice.backend == "espeak", "espeak-ng is missing: ./kiosk-dev installs it"
        voice.say(text, locale)
        assert voice.flush(10.0)
        proc = voice.speaking_process()
        if proc is not None:
            proc.wait(30)
    finally:
        voice.close()
    wavs = sorted(tmp_path.glob("prompt-*.wav"))
    assert len(wavs) == 1
    with wave.open(str(wavs[0])) as audio:
        seconds = audio.getnframes() / audio.getframerate()
    assert seconds > 0.8, f"only {seconds:.2f}s of speech for {len(text)} characters"


def test_auto_picks_a_backend_without_raising() -> None:
    voice = Voice()
    try:
        assert voice.backend in ("qt", "espeak", "none")
    finally:
        voice.close()
