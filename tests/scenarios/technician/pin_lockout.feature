Feature: Technician PIN lock-out
  Five wrong PINs count down; the sixth locks the PIN entry, and while it is locked
  not even the right PIN is checked.

  Scenario: Wrong PINs until the PIN locks; the right PIN is then refused too
    Given a technician opens the technician sign-in
    When the technician enters the PIN "111222"
    And the technician enters the PIN "111222"
    And the technician enters the PIN "111222"
    And the technician enters the PIN "111222"
    Then the technician sign-in says "technician.pin_wrong"
    When the technician enters the PIN "111222"
    Then the technician sign-in says "technician.pin_wrong_last"
    When the technician enters the PIN "111222"
    Then the technician sign-in says "technician.pin_locked"
    And the PIN is locked
    When the technician enters the PIN "246813"
    Then the technician sign-in says "technician.pin_locked"
    And the technician sign-in is shown
