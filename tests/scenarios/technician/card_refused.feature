Feature: Technician cards the hub refuses
  Only a card the hub registers to an active technician opens the technician
  screen. A resident's citizen card and a suspended technician's card are refused
  with the next step, and neither starts a resident's errand.

  Scenario: A resident's citizen card does not open the technician screen
    Given a technician opens the technician sign-in
    When resident "R0032" inserts their citizen card
    Then the technician sign-in is shown
    And the technician sign-in says "hub.technician_unknown"
    And the screen shows "home"
    And no personal data appears in the logs

  Scenario: A suspended technician's card is refused
    Given a technician opens the technician sign-in
    When technician "T0002" inserts their technician card
    Then the technician sign-in is shown
    And the technician sign-in says "hub.technician_suspended"

  Scenario: After a refused card, the right one opens the screen
    Given a technician opens the technician sign-in
    And technician "T0002" inserts their technician card
    When the citizen card is pulled out
    And technician "T0001" inserts their technician card
    Then the technician screen is open
    And the technician is signed in as "TECH-0001"
