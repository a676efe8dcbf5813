Feature: ID-card reader faults
  The GA 467 reader (a byte-level emulator on a pty) misbehaves while a resident
  identifies. The resident is told what to do, nothing is sent, and the next try works.

  Scenario Outline: A bad read on the home screen asks the resident to try again
    Given the "ID card reader" fails with "<fault>"
    When resident "R0003" places their ID card on the reader
    Then the screen shows "home"
    And the message "<message>" is shown
    When the ID card is lifted off the reader
    And resident "R0003" places their ID card on the reader
    Then the screen shows "identity"
    And the hub received no submission

    Examples:
      | fault           | message            |
      | corrupt frame   | idcard.read_failed |
      | truncated frame | idcard.read_failed |
      | read failed     | idcard.read_failed |

  @ui
  Scenario: A corrupt frame on the wire is reported in the resident's words
    Given the "ID card reader" sends a corrupt frame
    When resident "R0004" places their ID card on the reader
    Then the message "Lift the card and place it again" is shown
    And no personal data appears in the logs

  Scenario: A mute reader, then it answers again and the card placed again is read
    Given the "ID card reader" goes mute
    When resident "R0005" places their ID card on the reader
    Then the screen shows "home"
    And the message "idcard.read_failed" is shown
    When the "ID card reader" answers again
    And the ID card is lifted off the reader
    And resident "R0005" places their ID card on the reader
    Then the screen shows "identity"

  @ui
  Scenario: The reader is unplugged on the home screen, then plugged back in
    Given the "ID card reader" is unplugged
    When resident "R0006" places their ID card on the reader
    Then the screen shows "home"
    And the message "device.reader_disconnected" is shown
    When the "ID card reader" is plugged back in
    Then the screen shows "identity"

  Scenario: The reader is unplugged in the middle of the form: the visit goes on
    Given resident "R0007" is on the "form" screen of "hotline_12345"
    When the "ID card reader" is unplugged
    And the resident fills in the required fields
    And the resident taps "Next"
    And the resident taps "Next"
    And the resident agrees, signs and submits
    Then the screen shows "receipt"
    And the submission is "sent"
    And the hub received the submission exactly once

  Scenario: A corrupt frame while the previous card is still being lifted does not end a session
    Given resident "R0008" is on the "services" screen of "hotline_12345"
    When the "ID card reader" sends a corrupt frame
    And resident "R0009" places their ID card on the reader
    Then the screen shows "services"
    And no message is shown
