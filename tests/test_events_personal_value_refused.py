"""A personal value cannot become an event field: the tokens refuse it, emit writes null."""

from __future__ import annotations

import json
import logging

import pytest

from kiosk.base.events import ClientId, Ident, Version, emit
from kiosk.base.events import catalogue as ev
from kiosk.base.events.logsetup import JsonLineHandler
from kiosk.devtools.residents import resident

PERSON = resident("R0007")
PERSONAL = [PERSON.name, PERSON.id_number, PERSON.phone, PERSON.card_address,
            PERSON.residence_address, PERSON.citizen_card_number, "SMITH JOHN",
            PERSON.birth_date.isoformat(), "330599199001011234"]


@pytest.mark.parametrize("value", PERSONAL)
def test_tokens_refuse_personal_values(value: str) -> None:
    for token in (Ident, ClientId, Version):
        with pytest.raises(ValueError):
            token(value)
    assert Ident.of(value) == "unrecognised"


def test_a_forced_value_is_refused_at_emit(monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """A plain ``str`` smuggled past mypy (say through ``Any``) is never written."""
    root = logging.getLogger()
    handler = JsonLineHandler()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.INFO)
    smuggled: object = PERSON.name
    try:
        with pytest.raises(ValueError, match="field reason"):
            emit(ev.CardReadFailed(reason=smuggled))  # type: ignore[arg-type]
        monkeypatch.setenv("KIOSK_EVENTS_STRICT", "0")
        emit(ev.CardReadFailed(reason=smuggled))  # type: ignore[arg-type]
        emit(ev.DeviceStatusChanged(device=Ident("printer"), status=PERSON.id_number,  # type: ignore[arg-type]
                                    state="ok", previous=None, required=True))
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    err = capsys.readouterr().err
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    assert [line["fields"].get("refused") for line in lines] == ["reason", "status"]
    assert lines[0]["fields"]["reason"] is None and lines[1]["fields"]["status"] is None
    for value in (PERSON.name, PERSON.id_number):
        assert value not in err and json.dumps(value)[1:-1] not in err
