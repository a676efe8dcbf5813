Feature: Technician card sign-in and the checks
  A technician opens the hidden sign-in on the start screen and puts their card in
  the citizen-card slot; the hub knows it, the technician screen opens. The checks
  print a test receipt, read a resident's card (masked) and look through the camera.
  The technician's card, left in the slot after signing out, starts no errand.

  @ui
  Scenario: Card sign-in, the three checks, sign-out with the card left in the slot
    Given a technician opens the technician sign-in
    Then the technician sign-in is shown
    When technician "T0001" inserts their technician card
    Then the technician screen is open
    And the technician is signed in as "TECH-0001"
    And the technician screen shows the printer as ok
    When the technician runs the test_receipt check
    Then the test_receipt check passed
    And the receipt was printed
    When resident "R0031" places their ID card on the reader
    And the technician runs the card_read check
    Then the card_read check passed
    And the screen shows "home"
    When the ID card is lifted off the reader
    And a QR code holding "camera check" is shown to the camera
    And the technician runs the camera check
    Then the camera check passed
    When the camera sees nothing
    And the technician signs out
    Then the technician screen is closed
    And the screen shows "home"
    And no message is shown
    And no personal data appears in the logs

  Scenario: A printer out of paper fails the test receipt and shows on the screen
    Given a technician opens the technician sign-in
    And technician "T0001" inserts their technician card
    When the printer reports "paper out"
    And the technician runs the test_receipt check
    Then the test_receipt check failed
    And the technician screen shows the printer as fault
    And no receipt was printed

  Scenario: A camera looking at an empty plate fails its check
    Given a technician opens the technician sign-in
    And technician "T0001" inserts their technician card
    When the camera sees nothing
    And the technician runs the camera check
    Then the camera check failed
