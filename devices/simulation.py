"""Fictional cards the simulators can hold, named by code; the dev tools supply them."""

from __future__ import annotations

from typing import Protocol

from devices.citizen_card.protocol import CitizenCardData
from devices.idcard.protocol import IdCardData


class SampleCards(Protocol):
    """Cards by code (``R0001``…); ``KeyError`` for a code it does not know.

    The simulators take the demo residents' cards through this, so the device layer
    never imports the demo residents (a development tool) itself.
    """

    def id_card(self, code: str) -> IdCardData:
        """The resident ID card ``code`` names."""
        ...

    def citizen_card(self, code: str) -> CitizenCardData:
        """The citizen / social-security card ``code`` names."""
        ...
