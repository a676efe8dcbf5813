"""A misspelt ``[technician]`` key or section is refused with "did you mean"."""

from __future__ import annotations

import pytest

from kiosk.base.config import ConfigError, parse_config


@pytest.mark.parametrize(("section", "expected"), [
    ({"technician": {"pin_hsh": "x"}},
     "technician.pin_hsh is not a key of [technician]. Fix: did you mean pin_hash? "
     "Rename it, or remove it"),
    ({"technician": {"lockout_cap": 60}},
     "technician.lockout_cap is not a key of [technician]. Fix: did you mean lockout_cap_s? "
     "Rename it, or remove it"),
    ({"technicain": {}},
     "technicain is not a known section. Fix: did you mean technician? Rename it, or remove it"),
])
def test_unknown_key_suggests_the_right_one(section: dict[str, object], expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(section)
    assert caught.value.problems == [expected]
