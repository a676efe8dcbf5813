"""Unit tier: the end of a session leaves nothing of the resident in the journey."""

from __future__ import annotations

import gc

from fakes import Kit, card_for, to_review

from kiosk.app import journey as j
from kiosk.devtools.residents import resident


def _strings_reachable(root: object) -> list[str]:
    """Every str (and decoded bytes) reachable from ``root`` through the object graph."""
    seen: set[int] = set()
    stack, found = [root], []
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, str):
            found.append(obj)
        elif isinstance(obj, bytes | bytearray):
            found.append(bytes(obj).decode("utf-8", "ignore"))
        elif not isinstance(obj, type):
            stack.extend(gc.get_referents(obj))
    return found


def test_finish_wipes_the_session_and_the_view(kit: Kit) -> None:
    person = resident("R0010")
    to_review(kit, "R0010", "residence_permit")
    old = kit.journey.session
    form = old.form
    assert form is not None
    kit.journey.handle(j.ConfirmAndSubmit(agreed=True))
    kit.journey.handle(j.Finish())
    # The rating screen comes next, with the resident's data already gone.
    assert kit.journey.step is j.Step.RATING
    assert kit.journey.view().person is None and kit.journey.session.identity is None
    kit.journey.handle(j.SkipRating())
    assert kit.journey.step is j.Step.IDLE
    assert kit.journey.message is None  # a finished visit needs no explanation
    # The old session object and its form were emptied too, not just dropped.
    assert old.identity is None and old.outcome is None and old.pages == {}
    assert form.values == {} and form.sources == {}
    secrets = [person.name, person.id_number, person.phone, person.residence_address]
    held = [*_strings_reachable(kit.journey.session), repr(kit.journey.view())]
    assert not [v for v in secrets if any(v in s for s in held)]


def test_exit_wipes_and_counts_only_an_identified_visit(kit: Kit) -> None:
    kit.journey.handle(j.Exit())
    assert kit.counts == []
    assert kit.journey.message == j.Message("session.ended_exit")
    kit.journey.handle(card_for("R0010"))
    kit.journey.handle(j.Exit())
    assert kit.counts == ["identified_id_card", "ended_exit"]
    assert kit.journey.session.identity is None
    assert kit.journey.view().person is None


def test_session_repr_names_nothing_personal(kit: Kit) -> None:
    to_review(kit, "R0010", "residence_permit")
    text = repr(kit.journey.session) + repr(kit.journey.session.identity)
    assert resident("R0010").name not in text
