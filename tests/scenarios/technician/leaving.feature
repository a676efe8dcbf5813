Feature: Leaving the kiosk
  Only a signed-in technician can end the kiosk app, from the technician screen.

  @ui
  Scenario: A technician signed in by card leaves the kiosk
    Given a technician opens the technician sign-in
    And technician "T0001" inserts their technician card
    When the technician leaves the kiosk
    Then the kiosk may be left
    And the technician screen is closed

  Scenario: Without signing in, the sign-in screen offers no way out
    Given a technician opens the technician sign-in
    When the technician enters the PIN "135790"
    Then the technician sign-in is shown
    And the technician sign-in says "technician.pin_wrong"
