"""Unit tier: the idle timeout, its warning, and elder mode's longer wait (manual clock)."""

from __future__ import annotations

from fakes import Kit, card_for

from kiosk.app import journey as j


def test_idle_screen_has_no_countdown(kit: Kit) -> None:
    assert kit.journey.idle_remaining_s() is None
    assert kit.journey.view().idle_remaining_s is None
    kit.clock.advance(10_000)
    kit.journey.handle(j.Tick())
    assert kit.journey.step is j.Step.IDLE and kit.journey.message is None


def test_warning_then_continue_then_timeout(kit: Kit) -> None:
    t = kit.config.timeouts
    kit.journey.handle(card_for("R0003"))
    kit.clock.advance(t.idle_s - t.idle_warning_s - 1)
    kit.journey.handle(j.Tick())
    assert not kit.journey.idle_warning()
    kit.clock.advance(2)
    kit.journey.handle(j.Tick())  # a tick is not activity: the countdown keeps running
    view = kit.journey.view()
    assert view.idle_warning and view.idle_remaining_s == t.idle_warning_s - 1
    kit.journey.handle(j.ContinueSession())
    assert not kit.journey.idle_warning()
    assert kit.journey.idle_remaining_s() == t.idle_s
    kit.clock.advance(t.idle_s)
    kit.journey.handle(j.Tick())
    assert kit.journey.step is j.Step.IDLE
    assert kit.journey.message == j.Message("session.ended_timeout")
    assert kit.journey.session.identity is None
    assert kit.counts[-1] == "ended_timeout"


def test_elder_mode_waits_longer_and_ends_with_the_session(kit: Kit) -> None:
    t = kit.config.timeouts
    kit.journey.handle(j.SetElderMode(True))
    kit.journey.handle(card_for("R0003"))
    assert kit.journey.idle_limit_s == t.elder_idle_s
    kit.clock.advance(t.idle_s + 1)
    kit.journey.handle(j.Tick())
    assert kit.journey.step is j.Step.IDENTITY_CONFIRMED
    kit.clock.advance(t.elder_idle_s - t.idle_s)
    kit.journey.handle(j.Tick())
    assert kit.journey.step is j.Step.IDLE
    assert kit.journey.elder_mode is False  # the next resident starts in the normal mode


def test_language_resets_when_the_session_ends(kit: Kit) -> None:
    kit.journey.handle(j.SetLocale("en_US"))
    kit.journey.handle(j.SetLocale("fr_FR"))  # not offered: ignored
    assert kit.journey.view().locale == "en_US"
    kit.journey.handle(card_for("R0003"))
    kit.journey.handle(j.Exit())
    assert kit.journey.view().locale == kit.config.terminal.locale
