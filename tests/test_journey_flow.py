"""The resident journey end to end against the embedded reference hub and a real store."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from devices.printer.protocol import PrinterStatus
from kiosk.app import journey as j
from kiosk.app.runtime import Runtime, build_journey
from kiosk.base.clock import ManualClock
from kiosk.devtools.cards import citizen_card_for, id_card_for
from kiosk.devtools.headless import run_headless
from kiosk.devtools.refhub.embedded import admin_of, open_simulated
from kiosk.devtools.residents import resident


def _cli(*args: str, data_dir: Path) -> dict[str, Any]:
    out = subprocess.run([sys.executable, "-m", "kiosk.cli", "--data-dir", str(data_dir), *args],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr + out.stdout
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def test_headless_journey_sends_and_prints(isolated_kiosk_env: Path) -> None:
    result = _cli("journey", "--headless", "--json", data_dir=isolated_kiosk_env)
    assert result["status"] == "sent"
    assert len(result["prefilled_fields"]) >= 5
    assert result["identity_level"] == 2
    receipt = Path(result["receipt_bytes_path"]).read_bytes()
    from kiosk.base.tracking import display

    # The code is printed grouped for reading (the QR is a raster image, no text in it).
    assert display(result["tracking_code"]).encode() in receipt
    assert not Path(result["receipt_bytes_path"]).is_relative_to(isolated_kiosk_env / "store")
    # The receipt never carries the full ID number.
    assert resident("R0001").id_number.encode() not in receipt


def test_offline_journey_is_queued_then_delivered_exactly_once(
    isolated_kiosk_env: Path,
) -> None:
    result = _cli("journey", "--headless", "--offline", "--json", "--resident", "R0007",
                  data_dir=isolated_kiosk_env)
    assert result["status"] == "queued"
    from kiosk.base.clock import SystemClock
    from kiosk.base.config import default_config
    from kiosk.base.context import Context

    ctx = Context(default_config(), isolated_kiosk_env, SystemClock())
    with open_simulated(ctx, with_devices=False, start_sync=False) as rt:
        assert admin_of(rt.hub) is not None
        assert not [s for s in admin_of(rt.hub).submissions()
                    if s["tracking_code"] == result["tracking_code"]]
        rt.sync.sync_once()
        rt.sync.sync_once()  # a second pass must not send it again
        mine = [s for s in admin_of(rt.hub).submissions()
                if s["tracking_code"] == result["tracking_code"]]
        assert len(mine) == 1
        assert rt.outbox.state(result["client_id"]) == "sent"


def _strings_reachable(root: object, limit: int = 200_000) -> list[str]:
    """Every str (and decoded bytes) reachable from ``root`` through the object graph."""
    seen: set[int] = set()
    stack = [root]
    found: list[str] = []
    while stack and len(seen) < limit:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, str):
            found.append(obj)
            continue
        if isinstance(obj, bytes | bytearray):
            found.append(bytes(obj).decode("utf-8", "ignore"))
            continue
        if isinstance(obj, type) or (callable(obj) and not hasattr(obj, "__dict__")):
            continue
        stack.extend(gc.get_referents(obj))
    return found


def test_session_end_leaves_nothing_of_the_resident(kiosk_runtime: Runtime) -> None:
    rt = kiosk_runtime
    journey = build_journey(rt)
    person = resident("R0002")
    assert rt.devices is not None and admin_of(rt.hub) is not None
    admin = admin_of(rt.hub)

    def code() -> str | None:
        ident = journey.session.identity
        assert ident is not None and ident.hub_session is not None
        return admin.latest_code(ident.hub_session.session_id)

    result = run_headless(journey, rt.devices, person, "residence_permit", rt.ctx.clock,
                          read_code=code)
    assert result.status == "sent"
    assert journey.step is j.Step.IDLE
    secrets = [person.name, person.id_number, person.phone, person.residence_address,
               person.household_address]
    session_strings = _strings_reachable(journey.session)
    for value in secrets:
        assert not any(value in s for s in session_strings), "session still holds personal data"
    view = repr(journey.view())
    assert all(value not in view for value in secrets)


def test_level1_card_gets_no_hub_data_and_level2_is_asked(kiosk_runtime: Runtime) -> None:
    rt = kiosk_runtime
    journey = build_journey(rt)
    person = resident("R0010")
    journey.handle(j.IdCardRead(id_card_for(person)))
    assert journey.step is j.Step.IDENTITY_CONFIRMED
    view = journey.view()
    assert view.person is not None and view.person.level == 1
    assert person.name not in repr(view)
    journey.handle(j.ConfirmIdentity())
    journey.handle(j.ChooseService("residence_permit"))
    assert journey.step is j.Step.LEVEL2_CODE
    journey.handle(j.RequestCode())
    code_sent = journey.view().code_sent
    assert code_sent is not None and code_sent.phone_hint == person.phone[-4:]
    journey.handle(j.EnterCode("000000"))
    assert journey.step is j.Step.LEVEL2_CODE
    assert journey.message is not None and journey.message.key.startswith("hub.code")
    # A level-1 service opens with the card's own fields and nothing from the hub.
    journey.handle(j.Back())
    journey.handle(j.ChooseService("hotline_12345"))
    assert journey.step is j.Step.FORM
    state = journey.session.form
    assert state is not None
    assert all(src.value in ("card", "empty") for src in state.sources.values())
    # Online, the hub answers a level-1 session's prefill with nothing it holds.
    prefill = journey.session.prefill
    assert prefill is not None
    assert prefill.fields == {} and prefill.materials_on_file == []


def test_idle_timeout_and_card_rules(kiosk_runtime: Runtime) -> None:
    rt = kiosk_runtime
    clock = ManualClock()
    journey = build_journey(rt)
    journey.clock = clock
    journey.last_activity = clock.monotonic()
    person = resident("R0003")
    journey.handle(j.IdCardRead(id_card_for(person)))
    assert journey.step is j.Step.IDENTITY_CONFIRMED
    clock.advance(rt.ctx.config.timeouts.idle_s - rt.ctx.config.timeouts.idle_warning_s + 1)
    journey.handle(j.Tick())
    assert journey.idle_warning()
    journey.handle(j.ContinueSession())
    assert not journey.idle_warning()
    clock.advance(rt.ctx.config.timeouts.idle_s + 1)
    journey.handle(j.Tick())
    assert journey.step is j.Step.IDLE
    assert journey.message is not None and journey.message.key == "session.ended_timeout"
    assert journey.session.identity is None

    # Elder mode waits longer.
    journey.handle(j.SetElderMode(True))
    journey.handle(j.IdCardRead(id_card_for(person)))
    clock.advance(rt.ctx.config.timeouts.idle_s + 1)
    journey.handle(j.Tick())
    assert journey.step is j.Step.IDENTITY_CONFIRMED
    journey.handle(j.Exit())
    assert journey.session.identity is None

    # Removing a citizen card ends its session; an ID card's session ignores the event.
    journey.handle(j.CitizenCardRead(citizen_card_for(person)))
    assert journey.step is j.Step.IDENTITY_CONFIRMED
    journey.handle(j.CitizenCardRemoved())
    assert journey.step is j.Step.IDLE
    assert journey.message is not None and journey.message.key == "session.ended_card_removed"
    journey.handle(j.IdCardRead(id_card_for(person)))
    journey.handle(j.CitizenCardRemoved())
    assert journey.step is j.Step.IDENTITY_CONFIRMED


def test_printer_out_of_paper_shows_qr_and_keeps_submission(kiosk_runtime: Runtime) -> None:
    rt = kiosk_runtime
    assert rt.devices is not None and rt.devices.sim.set_printer_state is not None
    rt.devices.sim.set_printer_state(PrinterStatus.PAPER_END)
    journey = build_journey(rt)
    person = resident("R0004")
    journey.handle(j.IdCardRead(id_card_for(person)))
    journey.handle(j.ConfirmIdentity())
    journey.handle(j.ChooseService("hotline_12345"))
    assert journey.step is j.Step.FORM
    state = journey.session.form
    assert state is not None
    from kiosk.devtools.headless import _resident_answer

    for spec in state.schema.fields:
        if spec.required and spec.name not in state.values:
            journey.handle(j.SetField(spec.name, _resident_answer(
                spec, person, state.schema.json_schema)))
    journey.handle(j.SubmitForm())
    assert journey.step is j.Step.MATERIALS  # the hotline's photo is optional: skip it
    journey.handle(j.MaterialsDone())
    journey.handle(j.ConfirmAndSubmit(agreed=False))
    assert journey.step is j.Step.REVIEW
    journey.handle(j.ConfirmAndSubmit(agreed=True))
    assert journey.step is j.Step.RECEIPT
    receipt = journey.view().receipt
    assert receipt is not None
    assert receipt.printed is False
    assert receipt.print_failure == "printer.paper_out"
    assert receipt.tracking_url.endswith(receipt.tracking_code)
    assert receipt.status == "sent"


@pytest.mark.parametrize("code", ["", "ABC", "K7Q4-XXXX-XXXX-X"])
def test_tracking_a_bad_code_is_explained(kiosk_runtime: Runtime, code: str) -> None:
    journey = build_journey(kiosk_runtime)
    journey.handle(j.TrackCase(code))
    assert journey.message is not None and journey.message.key == "journey.tracking_code_invalid"


def test_no_identity_paths_reach_the_hub(kiosk_runtime: Runtime) -> None:
    rt = kiosk_runtime
    journey = build_journey(rt)
    journey.handle(j.ShowServicePoints())
    points = journey.view().service_points
    assert points and list(points) == sorted(points, key=lambda p: p.walking_minutes)
    journey.handle(j.Back())
    assert journey.step is j.Step.IDLE
    journey.handle(j.CallStaff("help"))
    assert journey.staff_called
    assert admin_of(rt.hub) is not None and admin_of(rt.hub).call_staff_requests()
    journey.handle(j.Browse())
    assert journey.step is j.Step.BROWSE
    journey.handle(j.ChooseService("senior_card"))
    assert journey.step is j.Step.IDLE  # identify to continue, then straight on
    journey.handle(j.IdCardRead(id_card_for(resident("R0001"))))
    assert journey.step is j.Step.FORM
