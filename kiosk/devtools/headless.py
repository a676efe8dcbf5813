"""Run one whole resident journey without a screen, on simulated devices.

This is what ``kiosk journey --headless`` and the journey bench run: a demo
resident's card goes on the simulated reader, the real driver reads it, the
journey walks every step against the hub (the embedded reference hub by
default), the level-2 code is read off the reference hub's admin listing as a
resident would read it off their phone, documents are shown to the simulated
camera, and the receipt is printed on the simulated printer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from devices.camera.protocol import Frame
from devices.citizen_card.protocol import CitizenCardReaderStatus
from devices.factory import DeviceSet
from devices.idcard.protocol import IdCardData
from kiosk.app import journey as j
from kiosk.app.capture import CameraFrame, CaptureWorkflow, WantedMaterial
from kiosk.base.clock import Clock
from kiosk.devtools.cards import citizen_card_for, id_card_for
from kiosk.devtools.residents import DemoResident
from kiosk.hub.schema import FieldSpec, MaterialSpec

# How often the runner asks a reader whether a card is there (timeouts.card_poll_s's default).
CARD_POLL_S = 0.3


class HeadlessError(Exception):
    """The journey stopped at a step it should have passed; ``message_key`` says why."""

    def __init__(self, step: str, message_key: str | None) -> None:
        super().__init__(f"journey stuck at {step}: {message_key}")
        self.step = step
        self.message_key = message_key


@dataclass
class HeadlessResult:
    """What one headless journey produced."""

    tracking_code: str
    client_id: str
    status: str  # "sent" | "queued"
    service_id: str
    level: int
    prefilled_fields: list[str]
    not_prefilled: list[str]
    materials_on_file: list[str]
    materials_captured: list[str]
    printed: bool
    print_failure: str | None
    receipt_bytes: bytes
    timings_ms: dict[str, float] = field(default_factory=dict)
    rated: int | None = None

    def as_json(self, receipt_path: Path | None) -> dict[str, Any]:
        """The JSON object ``kiosk journey --headless --json`` prints."""
        return {
            "tracking_code": self.tracking_code,
            "client_id": self.client_id,
            "status": self.status,
            "service_id": self.service_id,
            "identity_level": self.level,
            "prefilled_fields": self.prefilled_fields,
            "not_prefilled": self.not_prefilled,
            "materials_on_file": self.materials_on_file,
            "materials_captured": self.materials_captured,
            "printed": self.printed,
            "print_failure": self.print_failure,
            "receipt_bytes_path": str(receipt_path) if receipt_path else None,
            "timings_ms": self.timings_ms,
            "rated": self.rated,
        }


def document_image(title: str, seed: int, size: tuple[int, int] = (1600, 1200),
                   aspect: float = 210 / 297) -> np.ndarray:
    """A sheet of paper with printed lines on a darker desk, as the camera would see it.

    ``aspect`` is the paper's width over height, so an ID card looks like a card.
    """
    rng = np.random.default_rng(seed)
    w, h = size
    frame = np.full((h, w, 3), (70, 85, 100), np.uint8)
    page_h = int(h * 0.75)
    page_w = int(page_h * aspect)
    if page_w > w * 0.85:
        page_w = int(w * 0.85)
        page_h = int(page_w / aspect)
    x0, y0 = (w - page_w) // 2, (h - page_h) // 2
    cv2.rectangle(frame, (x0, y0), (x0 + page_w, y0 + page_h), (245, 245, 242), -1)
    scale = max(0.5, page_w / 700)
    cv2.putText(frame, title, (x0 + page_w // 12, y0 + int(page_h * 0.12)),
                cv2.FONT_HERSHEY_SIMPLEX, scale, (20, 20, 20), 2)
    if aspect > 1.3:
        # Card-shaped: a portrait photo on the right, as on the front of an ID card.
        px = x0 + int(page_w * 0.66)
        cv2.rectangle(frame, (px, y0 + int(page_h * 0.15)),
                      (px + int(page_w * 0.26), y0 + int(page_h * 0.75)), (90, 90, 95), -1)
        page_w = int(page_w * 0.6)
    lines = max(3, int(page_h / 45))
    for i in range(lines - 2):
        length = int(rng.integers(page_w // 3, page_w - page_w // 6))
        y = y0 + int(page_h * 0.22) + i * int(page_h * 0.7 / lines)
        cv2.line(frame, (x0 + page_w // 12, y), (x0 + page_w // 12 + length, y), (40, 40, 40), 3)
    return frame


# Fills a required field the card and hub left empty, as the resident would type it.
def _resident_answer(spec: FieldSpec, person: DemoResident, schema: dict[str, Any]) -> Any:
    prop = schema.get("properties", {}).get(spec.name, {})
    if spec.options:
        return spec.options[0].value
    if prop.get("enum"):
        return prop["enum"][0]
    if prop.get("type") == "boolean" or spec.widget == "checkbox":
        return True
    if prop.get("type") in ("integer", "number") or spec.widget == "number":
        low = prop.get("minimum", 1)
        return int(low) if prop.get("type") == "integer" else float(low)
    if spec.widget == "phone":
        return person.phone
    if spec.widget == "date":
        return (dt.date(2026, 1, 5)).isoformat()
    if spec.widget == "id_number":
        return person.id_number
    if "address" in spec.name:
        return person.residence_address
    return "示范"


def run_headless(
    journey: j.Journey,
    devices: DeviceSet,
    person: DemoResident,
    service_id: str,
    clock: Clock,
    *,
    card: str = "id_card",
    read_code: Callable[[], str | None] | None = None,
    rating: int | None = None,
) -> HeadlessResult:
    """Walk the whole journey for one resident; raises ``HeadlessError`` where it sticks.

    After the receipt the resident rates the errand ``rating`` (5 best … 1 worst; a low
    one with the reason "slow"), or skips the rating when it is ``None``.
    """
    sim = devices.sim

    def expect(step: j.Step) -> None:
        if journey.step is not step:
            msg = journey.message.key if journey.message else None
            raise HeadlessError(journey.step.value, msg)

    t0 = clock.monotonic()
    if card == "citizen_card":
        if sim.insert_citizen_card is None:
            raise HeadlessError("idle", "dock.not_simulated")
        sim.insert_citizen_card(citizen_card_for(person))
        cc = _read_citizen_card(devices, clock)
        if not hasattr(cc, "id_number"):
            raise HeadlessError("idle", getattr(cc, "message_key", None))
        journey.handle(j.CitizenCardRead(cc))  # type: ignore[arg-type]
    else:
        if sim.place_id_card is None:
            raise HeadlessError("idle", "dock.not_simulated")
        sim.place_id_card(id_card_for(person))
        read = _read_id_card(devices, clock)
        sim.place_id_card(None)  # the resident lifts the card after the beep
        if not isinstance(read, IdCardData):
            raise HeadlessError("idle", read)
        journey.handle(j.IdCardRead(read))
    expect(j.Step.IDENTITY_CONFIRMED)
    journey.handle(j.ConfirmIdentity())
    expect(j.Step.CHOOSE_SERVICE)
    journey.handle(j.ChooseService(service_id))
    if journey.step is j.Step.LEVEL2_CODE:
        journey.handle(j.RequestCode())
        code = read_code() if read_code else None
        if code is None:
            raise HeadlessError("level2_code", journey.message.key if journey.message else None)
        journey.handle(j.EnterCode(code))
    expect(j.Step.FORM)
    state = journey.session.form
    assert state is not None
    prefilled = list(state.prefilled_fields)
    not_prefilled = list(state.not_prefilled)
    for spec in state.schema.fields:
        if spec.required and spec.name not in state.values:
            journey.handle(j.SetField(spec.name, _resident_answer(spec, person,
                                                                  state.schema.json_schema)))
    journey.handle(j.SubmitForm())
    captured: list[str] = []
    if journey.step is j.Step.MATERIALS:
        assert journey.session.service is not None
        specs = {m.type: m for m in journey.session.service.materials}
        at_hub = set(journey.session.prefill.materials_on_file) if journey.session.prefill else set()
        workflow = CaptureWorkflow(clock, journey.handle)
        workflow.set_materials([WantedMaterial.from_hub(m, on_file=m.type in at_hub)
                                for m in specs.values()])
        for mtype in workflow.missing_required():
            _capture_page(devices, specs[mtype], workflow)
            captured.append(mtype)
        journey.handle(j.MaterialsDone())
    expect(j.Step.REVIEW)
    on_file = list(journey.session.prefill.materials_on_file) if journey.session.prefill else []
    level = journey.session.identity.level if journey.session.identity else 1
    journey.handle(j.ConfirmAndSubmit(agreed=True))
    expect(j.Step.RECEIPT)
    outcome = journey.session.outcome
    assert outcome is not None
    timings = {
        "total": (clock.monotonic() - t0) * 1000,
        "identity_to_form": (journey.timings["form_ready"] - journey.timings["identity_read"])
        * 1000,
    }
    result = HeadlessResult(
        tracking_code=outcome.receipt.tracking_code,
        client_id=outcome.receipt.client_id,
        status=outcome.status,
        service_id=service_id,
        level=level,
        prefilled_fields=prefilled,
        not_prefilled=not_prefilled,
        materials_on_file=on_file,
        materials_captured=captured,
        printed=outcome.printed,
        print_failure=outcome.print_failure,
        receipt_bytes=outcome.job,
        timings_ms={k: round(v, 2) for k, v in timings.items()},
    )
    journey.handle(j.Finish())
    if journey.step is j.Step.RATING:
        if rating is None:
            journey.handle(j.SkipRating())
        else:
            journey.handle(j.Rate(rating))
            if rating <= j.LOW_RATING:
                journey.handle(j.ToggleRatingReason("slow"))
            journey.handle(j.SubmitRating())
    result.rated = rating if rating is not None and journey.step is j.Step.IDLE else None
    return result


def _read_citizen_card(devices: DeviceSet, clock: Clock) -> object:
    """Wait for the reader to see the inserted card (pcscd polls its readers), then read it."""
    poll = CARD_POLL_S
    for _ in range(20):
        if devices.citizen_card.status() is CitizenCardReaderStatus.CARD_PRESENT:
            break
        clock.sleep(poll)
    return devices.citizen_card.read_card()


def _read_id_card(devices: DeviceSet, clock: Clock) -> IdCardData | str:
    """Poll the reader like the idle screen does, until a card is read or 20 polls pass."""
    poll = CARD_POLL_S
    last_key = "idcard.place_card"
    for _ in range(20):
        read = devices.idcard.read_card()
        if isinstance(read, IdCardData):
            return read
        last_key = read.message_key
        clock.sleep(float(poll))
    return last_key


def _capture_page(devices: DeviceSet, spec: MaterialSpec, workflow: CaptureWorkflow) -> None:
    """Show a document to the simulated camera and take its picture as "Take picture" on
    the materials screen does; the workflow hands the page to the journey."""
    if devices.sim.show_to_camera is None:
        raise HeadlessError("materials", "dock.not_simulated")
    devices.sim.show_to_camera(document_image(spec.type, seed=len(spec.type),
                                              aspect=spec.width_mm / spec.height_mm))
    frame = devices.camera.grab()
    devices.sim.show_to_camera(None)
    if not isinstance(frame, Frame):
        raise HeadlessError("materials", frame.message_key)
    workflow.select(spec.type)
    workflow.request_capture()
    # No screen to keep smooth: the tracker looks at the full frame itself.
    view = CameraFrame(frame.image, frame.image)
    sighting = workflow.see(view)
    if sighting.state is None or sighting.state.quad is None:
        raise HeadlessError("materials", sighting.hint)  # unlike the screen, no whole-frame page
    shot = workflow.take(view, sighting)
    if shot is None or workflow.keep(shot) is None:
        raise HeadlessError("materials", sighting.hint)
