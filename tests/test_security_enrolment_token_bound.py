"""Finding 2: a spare enrolment token cannot take over an enrolled terminal; re-enrolment needs
an admin's revocation, which ends the old secret and its sessions."""

from __future__ import annotations

import pytest
from hubtools import Enrolled, card_of, resident_where

from kiosk.hub.client import HubClient
from kiosk.hub.errors import HubAuthError, HubConflict, HubNotFound

pytest_plugins = ["hubfixtures"]


def test_a_token_enrols_only_the_terminal_it_was_minted_for(enrolled: Enrolled) -> None:
    spare = enrolled.hub.admin.mint_token("T-SPARE")
    with pytest.raises(HubAuthError) as refused:
        HubClient.enroll(enrolled.url, spare, enrolled.creds.terminal_id, clock=enrolled.hub.clock)
    assert refused.value.reason == "token_wrong_terminal"
    # The real terminal keeps working, and the token stays good for its own terminal.
    assert enrolled.client.catalog().value is not None
    assert HubClient.enroll(enrolled.url, spare, "T-SPARE", clock=enrolled.hub.clock)


def test_an_enrolled_terminal_is_not_enrolled_over(enrolled: Enrolled) -> None:
    person = resident_where(lambda p: True)
    session = enrolled.client.identify_card(card_of(person))
    fresh = enrolled.hub.admin.mint_token(enrolled.creds.terminal_id)
    with pytest.raises(HubConflict) as refused:
        HubClient.enroll(enrolled.url, fresh, enrolled.creds.terminal_id, clock=enrolled.hub.clock)
    assert refused.value.reason == "terminal_enrolled"
    # Nothing changed: the secret and the session still work.
    assert enrolled.client.prefill(session.session_id, "residence_permit") is not None


def test_revocation_ends_the_secret_and_sessions_then_allows_enrolment(
        enrolled: Enrolled) -> None:
    person = resident_where(lambda p: True)
    session = enrolled.client.identify_card(card_of(person))
    terminal = enrolled.creds.terminal_id
    enrolled.hub.admin.revoke(terminal)
    with pytest.raises(HubAuthError):
        enrolled.client.catalog()
    again = HubClient.enroll(enrolled.url, enrolled.hub.admin.mint_token(terminal), terminal,
                             clock=enrolled.hub.clock)
    assert again.tracking_prefix == enrolled.creds.tracking_prefix
    assert again.secret != enrolled.creds.secret
    with HubClient(enrolled.url, again, clock=enrolled.hub.clock) as client:
        assert client.catalog().value is not None
        # The session opened under the old secret is gone with it.
        with pytest.raises(HubNotFound):
            client.prefill(session.session_id, "residence_permit")
