"""Whole journeys write no resident's data to the logs, in any encoding.

Journeys run through the headless runner on a simulated kiosk with every log
record (DEBUG, every logger) written as the JSON lines the kiosk writes on stderr:
online with an ID card (level 2, materials), with a citizen card, with an e-ID QR,
offline then synced once the network is back, with a hub failing so the sync
retries, with the printer out of paper, and with a reader unplugged. The captured
text is scanned for every demo resident's name, ID number, phone, addresses, card
numbers and the e-ID payload, as raw UTF-8, JSON ``\\u`` escapes, GB18030, GBK,
UTF-16LE, URL-encoded (UTF-8 and GBK) and base64 (at all three byte alignments),
and for the masked forms the CLI shows (first 3 + last 4 of an ID number or
phone, a name's first character, an address up to its district). Policy: logs
hold no personal value in any form, masked or not. Four bare digits (the end of
an ID number) are not scanned for: they are not identifying and timestamps are
full of them.
"""

from __future__ import annotations

import base64
import json
import logging
import urllib.parse
from collections.abc import Callable, Iterator

import pytest

from devices.printer.protocol import PrinterStatus
from kiosk.app import journey as j
from kiosk.app.runtime import Runtime, build_journey
from kiosk.base.events import collected
from kiosk.base.events.logsetup import JsonLineHandler
from kiosk.base.masking import Personal, mask
from kiosk.devtools.cards import id_card_for
from kiosk.devtools.headless import run_headless
from kiosk.devtools.refhub.embedded import admin_of
from kiosk.devtools.residents import demo_residents, resident


def _values(person_id: str) -> list[str]:
    p = resident(person_id)
    raw = [p.name, p.id_number, p.phone, p.card_address, p.household_address,
           p.residence_address, p.citizen_card_number, p.citizen_card_id]
    masked = [mask(p.id_number, Personal.ID_NUMBER), mask(p.phone, Personal.PHONE),
              mask(p.name, Personal.NAME), mask(p.card_address, Personal.ADDRESS)]
    return raw + masked


def _base64_forms(data: bytes) -> list[bytes]:
    """The base64 text ``data`` becomes inside a longer blob, for each byte alignment."""
    forms = []
    for shift in range(3):
        encoded = base64.b64encode(b"\0" * shift + data)
        start = 4 if shift else 0
        end = len(encoded) - (4 if (shift + len(data)) % 3 else 0)
        if end - start >= 8:
            forms.append(encoded[start:end])
    return forms


def encodings(value: str) -> set[bytes]:
    """Every byte form of ``value`` the scan looks for."""
    forms = {value.encode("utf-8"), value.encode("utf-16-le"),
             json.dumps(value)[1:-1].encode("ascii"),
             urllib.parse.quote(value).encode("ascii"),
             urllib.parse.quote_plus(value).encode("ascii")}
    for codec in ("gb18030", "gbk"):
        try:
            encoded = value.encode(codec)
        except UnicodeEncodeError:
            continue
        forms.add(encoded)
        forms.add(urllib.parse.quote_from_bytes(encoded).encode("ascii"))
    for form in list(forms):
        forms.update(_base64_forms(form))
    return {f for f in forms if len(f) >= 4}


def find(log: bytes, needles: dict[bytes, str]) -> list[str]:
    """Which values (by resident and kind, never the value) appear in ``log``.

    Every window of the log of each needle length goes into a set, so some hundred
    thousand needles cost one pass per length instead of one search each.
    """
    by_length: dict[int, list[bytes]] = {}
    for needle in needles:
        by_length.setdefault(len(needle), []).append(needle)
    hits = set()
    for length, group in by_length.items():
        windows = {log[i:i + length] for i in range(len(log) - length + 1)}
        hits.update(needles[n] for n in group if n in windows)
    return sorted(hits)


@pytest.fixture
def log_lines(capsys: pytest.CaptureFixture[str]) -> Iterator[Callable[[], list[str]]]:
    """Every record from every logger at DEBUG, as the kiosk's JSON lines (call to read)."""
    root = logging.getLogger()
    handler = JsonLineHandler()
    old = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        def read() -> list[str]:
            return capsys.readouterr().err.splitlines()

        yield read
    finally:
        root.removeHandler(handler)
        root.setLevel(old)


def _journey(rt: Runtime, person_id: str, service: str, card: str = "id_card") -> j.Journey:
    journey = build_journey(rt)
    admin = admin_of(rt.hub)
    assert admin is not None and rt.devices is not None

    def code() -> str | None:
        ident = journey.session.identity
        if ident is None or ident.hub_session is None:
            return None
        return admin.latest_code(ident.hub_session.session_id)

    result = run_headless(journey, rt.devices, resident(person_id), service, rt.ctx.clock,
                          card=card, read_code=code)
    assert result.status in ("sent", "queued")
    return journey


def test_journeys_log_no_personal_value(kiosk_runtime: Runtime,
                                       log_lines: Callable[[], list[str]]) -> None:
    rt = kiosk_runtime
    admin = admin_of(rt.hub)
    assert admin is not None and rt.devices is not None and rt.watch is not None
    sim = rt.devices.sim
    eid_payload = admin.eid_payload("R0040")
    with collected() as seen:
        # Online, ID card, level 2 with materials; then a citizen card.
        _journey(rt, "R0012", "residence_permit")
        _journey(rt, "R0020", "residence_permit", card="citizen_card")
        # e-ID QR: a level-2 identity, then the resident leaves.
        journey = build_journey(rt)
        journey.handle(j.QrScanned(eid_payload))
        assert journey.step is j.Step.IDENTITY_CONFIRMED
        journey.handle(j.Exit())
        # Offline: queued, then delivered once the network is back, through a hub that
        # fails the first attempts (retries).
        rt.offline = True
        admin.set_faults("down=1")
        offline = _journey(rt, "R0038", "senior_card")
        queued = [e for e in seen if e.NAME == "journey.submitted"][-1]
        assert getattr(queued, "status", None) == "queued"
        admin.set_faults("error_rate=1,seed=3")
        rt.offline = False
        rt.sync.network_regained()
        rt.sync.sync_once()
        admin.set_faults("none")
        rt.sync.network_regained()
        assert rt.sync.wait_sent(str(getattr(queued, "client_id", "")), 30)
        assert offline.session.identity is None  # wiped at Finish
        # Device faults: no paper (the receipt is not printed), an unplugged reader.
        assert sim.set_printer_state is not None and "idcard" in sim.unplug
        sim.set_printer_state(PrinterStatus.PAPER_END)
        rt.watch.check()
        _journey(rt, "R0055", "residence_permit")
        sim.set_printer_state(PrinterStatus.READY)
        sim.unplug["idcard"](True)
        rt.watch.check()
        journey = build_journey(rt)
        assert sim.place_id_card is not None
        sim.place_id_card(id_card_for(resident("R0066")))
        read = rt.devices.idcard.read_card()
        assert not hasattr(read, "id_number")
        journey.handle(j.CardReadFailed(read.message_key))  # type: ignore[union-attr]
        sim.unplug["idcard"](False)
        sim.place_id_card(None)
        rt.watch.check()
    names = {e.NAME for e in seen}
    # The paths above really ran (else a clean log would prove nothing).
    assert {"journey.started", "journey.step", "journey.submitted", "journey.ended",
            "sync.queued", "sync.sent", "sync.retried", "sync.offline", "sync.online",
            "hub.request", "hub.call_failed", "device.status_changed",
            "device.receipt_not_printed", "device.card_read_failed"} <= names, names
    lines = log_lines()
    log = "\n".join(lines).encode("utf-8")
    assert len(lines) > 100
    assert all(json.loads(line)["event"] for line in lines)
    needles: dict[bytes, str] = {}
    for person in demo_residents():
        for kind, value in zip(("name", "id", "phone", "card_addr", "household_addr",
                                "residence_addr", "cc_number", "cc_id", "masked_id",
                                "masked_phone", "masked_name", "masked_addr"),
                               _values(person.resident_id), strict=True):
            for form in encodings(value):
                needles[form] = f"{person.resident_id}:{kind}"
    for form in encodings(eid_payload):
        needles[form] = "eid_payload"
    assert find(log, needles) == []
    # The scan finds a value when it is there, in each kind of encoding.
    for probe in (resident("R0012").id_number, resident("R0012").name,
                  resident("R0038").residence_address):
        for form in encodings(probe):
            assert find(b'{"fields":{"x":"' + form + b'"}}', needles), form
