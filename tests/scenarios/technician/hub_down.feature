Feature: Technician sign-in while the hub cannot be reached
  A technician card is checked by the hub; without the hub the sign-in says to use
  the PIN, and the PIN works.

  Scenario: The network is down: the card is refused, the PIN opens the screen
    Given the network goes down
    And a technician opens the technician sign-in
    When technician "T0001" inserts their technician card
    Then the technician sign-in says "technician.card_needs_hub"
    When the technician enters the PIN "246813"
    Then the technician screen is open
    And the technician is signed in as "PIN"
