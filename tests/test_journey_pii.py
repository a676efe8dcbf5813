"""No personal value is readable anywhere in the data dir at any moment of a journey."""

from __future__ import annotations

from pathlib import Path

from store_support import find_personal

from kiosk.app import journey as j
from kiosk.app.runtime import Runtime, build_journey
from kiosk.devtools.headless import run_headless
from kiosk.devtools.refhub.embedded import admin_of
from kiosk.devtools.residents import resident


def test_data_dir_never_holds_readable_personal_data(
    kiosk_runtime: Runtime, isolated_kiosk_env: Path
) -> None:
    rt = kiosk_runtime
    assert rt.devices is not None and admin_of(rt.hub) is not None
    person = resident("R0012")
    values = [person.name, person.id_number, person.phone, person.residence_address,
              person.household_address, person.card_address]
    journey = build_journey(rt)
    original = journey.handle
    scans: list[str] = []

    def handle_and_scan(event: j.Event) -> j.Step:
        step = original(event)
        hits = find_personal(isolated_kiosk_env, values)
        assert not hits, f"after {type(event).__name__}: {hits}"
        scans.append(type(event).__name__)
        return step

    journey.handle = handle_and_scan  # type: ignore[method-assign]
    admin = admin_of(rt.hub)

    def code() -> str | None:
        ident = journey.session.identity
        assert ident is not None and ident.hub_session is not None
        return admin.latest_code(ident.hub_session.session_id)

    result = run_headless(journey, rt.devices, person, "residence_permit", rt.ctx.clock,
                          read_code=code)
    assert result.status == "sent"
    assert {"IdCardRead", "SubmitForm", "AddPage", "ConfirmAndSubmit", "Finish"} <= set(scans)
    rt.sync.sync_once()
    assert not find_personal(isolated_kiosk_env, values)
    # The scan can see them where they are stored plain: the reference hub's own folder.
    from store_support import encodings

    hub_bytes = b"".join(p.read_bytes() for p in (isolated_kiosk_env / "hub").rglob("*")
                         if p.is_file())
    assert any(form in hub_bytes for form in encodings(person.id_number))
