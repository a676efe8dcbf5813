"""Spoken prompts for elder mode (长辈模式): QtTextToSpeech where it has an engine, else espeak-ng.

Speech is optional at run time and never blocks the UI thread:

* with the QtTextToSpeech module (``pyside6-addons``) and a real engine
  (speech-dispatcher or flite), ``QTextToSpeech.say`` is already asynchronous;
* otherwise each utterance is an ``espeak-ng`` process started, and the
  previous one stopped, by one background thread — :meth:`Voice.say` only
  hands the text over and returns;
* with neither (or no sound card), saying something does nothing.

A new prompt cuts the previous one off, so the UI simply calls
``voice.say(prompt, locale)`` on every screen change in elder mode. The text is
never logged: a prompt may carry a resident's name.
"""

from __future__ import annotations

import contextlib
import importlib
import shutil
import subprocess
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

# espeak-ng voice per UI locale; cmn is Mandarin read from Han characters.
ESPEAK_VOICES = {"zh_CN": "cmn", "en_US": "en-us"}
# Words per minute: slower than espeak's default 175, for older listeners.
ELDER_RATE_WPM = 135
_STOP_GRACE_S = 2.0


class _EspeakWorker:
    """One background thread that runs the newest utterance and stops the one before."""

    def __init__(self, command: Sequence[str], rate_wpm: int, wav_dir: Path | None) -> None:
        self._command = list(command)
        self._rate = rate_wpm
        self._wav_dir = wav_dir
        self._cond = threading.Condition()
        self._pending: tuple[str, str] | None = None
        self._requests = 0
        self._handled = 0
        self._closed = False
        self._current: subprocess.Popen[bytes] | None = None
        self._count = 0
        self.failed = False
        self._thread = threading.Thread(target=self._run, name="kiosk-voice", daemon=True)
        self._thread.start()

    def submit(self, text: str, locale: str) -> None:
        with self._cond:
            self._pending = (text, locale)
            self._requests += 1
            self._cond.notify_all()

    def stop_current(self) -> None:
        self.submit("", "")

    def flush(self, timeout_s: float) -> bool:
        """Wait until every request so far has been acted on (for tests and shutdown)."""
        with self._cond:
            target = self._requests
            return self._cond.wait_for(lambda: self._handled >= target, timeout_s)

    def current(self) -> subprocess.Popen[bytes] | None:
        with self._cond:
            return self._current

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join(_STOP_GRACE_S * 2)

    def _argv(self, text: str, locale: str) -> list[str]:
        argv = [*self._command, "-v", ESPEAK_VOICES.get(locale, ESPEAK_VOICES["zh_CN"]),
                "-s", str(self._rate)]
        if self._wav_dir is not None:
            self._count += 1
            argv += ["-w", str(self._wav_dir / f"prompt-{self._count:04d}.wav")]
        return [*argv, "--", text]

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._closed or self._handled < self._requests)
                closed = self._closed
                request, self._pending = self._pending, None
                target = self._requests
                previous, self._current = self._current, None
            _stop(previous)
            if closed:
                with self._cond:
                    self._handled = self._requests
                    self._cond.notify_all()
                return
            started: subprocess.Popen[bytes] | None = None
            if request is not None and request[0].strip():
                try:
                    started = subprocess.Popen(self._argv(*request), stdin=subprocess.DEVNULL,
                                               stdout=subprocess.DEVNULL,
                                               stderr=subprocess.DEVNULL)
                except OSError:
                    self.failed = True  # no espeak-ng after all: stay silent from now on
            with self._cond:
                self._current = started
                self._handled = target
                self._cond.notify_all()


def _stop(proc: subprocess.Popen[bytes] | None) -> None:
    """End an utterance and reap its process (on the voice thread, never the UI's)."""
    if proc is None:
        return
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(_STOP_GRACE_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _qt_engine() -> Any | None:
    """A ``QTextToSpeech`` on a real engine, or None (module or engine missing)."""
    try:
        module = importlib.import_module("PySide6.QtTextToSpeech")
    except ImportError:
        return None
    engines = [name for name in module.QTextToSpeech.availableEngines() if name != "mock"]
    if not engines:
        return None
    tts = module.QTextToSpeech(engines[0])
    if tts.state() == module.QTextToSpeech.State.Error:
        return None
    return tts


class Voice:
    """Speaks one prompt at a time; every call returns at once and never raises.

    ``backend`` is ``"auto"`` (Qt engine, else espeak-ng, else silent), ``"qt"``,
    ``"espeak"`` or ``"none"``. ``command`` replaces the espeak-ng executable (a
    path or argv prefix); ``wav_dir`` makes espeak write each prompt to a WAV
    file there instead of the sound card (how the tests listen).
    """

    def __init__(self, backend: str = "auto", *, command: Sequence[str] | None = None,
                 rate_wpm: int = ELDER_RATE_WPM, wav_dir: Path | None = None) -> None:
        self._qt: Any | None = None
        self._espeak: _EspeakWorker | None = None
        if backend in ("auto", "qt") and command is None and wav_dir is None:
            self._qt = _qt_engine()
        if self._qt is None and backend in ("auto", "espeak"):
            argv = list(command) if command else [shutil.which("espeak-ng") or ""]
            if argv[0]:
                self._espeak = _EspeakWorker(argv, rate_wpm, wav_dir)
        self.rate_wpm = rate_wpm

    @property
    def backend(self) -> str:
        """Which backend speaks: ``"qt"``, ``"espeak"`` or ``"none"``."""
        if self._qt is not None:
            return "qt"
        if self._espeak is not None and not self._espeak.failed:
            return "espeak"
        return "none"

    @property
    def available(self) -> bool:
        """Whether prompts can be heard at all."""
        return self.backend != "none"

    def say(self, text: str, locale: str) -> None:
        """Speak ``text`` in ``locale`` (``zh_CN``/``en_US``), cutting off the previous prompt."""
        try:
            if self._qt is not None:
                self._say_qt(text, locale)
            elif self._espeak is not None and not self._espeak.failed:
                self._espeak.submit(text, locale)
        except Exception:  # speech is optional; the journey must go on
            self._qt = None

    def _say_qt(self, text: str, locale: str) -> None:
        from PySide6.QtCore import QLocale

        assert self._qt is not None
        self._qt.stop()
        self._qt.setLocale(QLocale(locale))
        # QtTextToSpeech rate is -1..1 around the engine's normal speed.
        self._qt.setRate(-0.2)
        if text.strip():
            self._qt.say(text)

    def stop(self) -> None:
        """Silence the current prompt (e.g. when the session ends)."""
        with contextlib.suppress(Exception):
            if self._qt is not None:
                self._qt.stop()
            elif self._espeak is not None:
                self._espeak.stop_current()

    def flush(self, timeout_s: float = 5.0) -> bool:
        """Wait until the voice thread has acted on every call so far (tests, shutdown)."""
        return self._espeak.flush(timeout_s) if self._espeak is not None else True

    def speaking_process(self) -> subprocess.Popen[bytes] | None:
        """The espeak-ng process of the current prompt, if one is running."""
        proc = self._espeak.current() if self._espeak is not None else None
        return proc if proc is not None and proc.poll() is None else None

    def close(self) -> None:
        """Stop speaking and end the voice thread."""
        self.stop()
        if self._espeak is not None:
            self._espeak.close()
            self._espeak = None
        self._qt = None
