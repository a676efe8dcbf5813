Feature: Technician PIN sign-in
  The terminal's technician PIN opens the technician screen without a card (the
  scenario kiosk's demo PIN is 246813). A wrong PIN says how many tries are left.

  @ui
  Scenario: The right PIN opens the technician screen
    Given a technician opens the technician sign-in
    When the technician enters the PIN "246813"
    Then the technician screen is open
    And the technician is signed in as "PIN"
    When the technician signs out
    Then the technician screen is closed
    And the screen shows "home"

  Scenario: A wrong PIN is refused with the tries left, the right one then works
    Given a technician opens the technician sign-in
    When the technician enters the PIN "135790"
    Then the technician sign-in says "technician.pin_wrong"
    When the technician enters the PIN "246813"
    Then the technician screen is open

  Scenario: The card check with no card on either reader has nothing to check
    Given a technician opens the technician sign-in
    And the technician enters the PIN "246813"
    When the technician runs the card_read check
    Then the card_read check found nothing to check
    And the technician screen is open
