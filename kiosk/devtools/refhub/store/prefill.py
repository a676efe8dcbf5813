"""Prefill: the values the hub holds about a resident, for a service's form."""

from __future__ import annotations

from kiosk.devtools.residents import DemoResident, resident
from kiosk.hub import schema as s

from .catalog import Catalog
from .sessions import Sessions

# What the kiosk's postal-delivery form is prefilled from, for services that can post.
DELIVERY_BINDINGS = ("person.phone", "person.residence_address")


class Prefill:
    """Hub-held form values, released only to a level-2 session."""

    def __init__(self, sessions: Sessions, catalog: Catalog) -> None:
        self._sessions = sessions
        self._catalog = catalog

    def prefill(self, request: s.PrefillRequest, terminal_id: str) -> s.Prefill:
        """Hub-held values for a service's form; nothing hub-only below level 2."""
        row = self._sessions.live(request.session_id, terminal_id)
        svc = self._catalog.service(request.service_id)
        person = resident(row["resident_id"])
        held = _hub_values(person)
        bindings: list[str] = [f.prefill for f in svc.form.fields
                               if f.prefill is not None and f.prefill in s.HUB_BINDINGS]
        if "mail" in svc.service.result_modes:
            # The kiosk's postal-delivery form asks for these; prefill them too.
            bindings += [b for b in DELIVERY_BINDINGS if b not in bindings]
        level = int(row["level"])
        if level >= 2:
            fields: dict[str, str] = {b: held[b] for b in bindings if b in held}
            wanted = {m.type for m in svc.service.materials}
            on_file = [m for m in person.materials_on_file if m in wanted]
            withheld: list[str] = []
        else:
            fields, on_file = {}, []
            withheld = [b for b in bindings if b in held]
        return s.Prefill(session_id=request.session_id, service_id=request.service_id,
                         level=2 if level >= 2 else 1, fields=fields,
                         materials_on_file=on_file, withheld=withheld)


def _hub_values(person: DemoResident) -> dict[str, str]:
    values = {
        "person.phone": person.phone,
        "person.household_address": person.household_address,
        "person.residence_address": person.residence_address,
        "person.household_id": person.household_id,
        "person.household_head_name": resident(person.household_head).name,
        "person.relation_to_head": person.relation_to_head,
        "person.citizen_card_number": person.citizen_card_number,
    }
    if person.employer is not None:
        values["person.employer"] = person.employer
    if person.social_insurance_since is not None:
        values["person.social_insurance_since"] = person.social_insurance_since.isoformat()
    return values
