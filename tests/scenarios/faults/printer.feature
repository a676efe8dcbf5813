Feature: Receipt printer faults
  The ESC/POS printer (a simulator on a TCP port, driven by the real driver) fails
  around the submission. The application is never lost or sent twice: the receipt's
  QR is shown on screen instead, and the resident is told so.

  Scenario Outline: The printer cannot print at submission: the QR is on screen, sent once
    Given resident "R0021" is on the "review" screen of "hotline_12345"
    And the printer reports "<state>"
    When the resident agrees, signs and submits
    Then the screen shows "receipt"
    And the submission is "sent"
    And the message "<message>" is shown
    And no receipt was printed
    And the hub received the submission exactly once
    And the outbox holds 0 waiting and 1 sent submissions

    Examples:
      | state        | message              |
      | paper out    | printer.paper_out    |
      | cover open   | printer.cover_open   |
      | error        | printer.error        |
      | disconnected | printer.disconnected |

  Scenario: Paper near its end still prints the receipt
    Given resident "R0022" is on the "review" screen of "hotline_12345"
    And the printer reports "paper near end"
    When the resident agrees, signs and submits
    Then the receipt was printed
    And the printed receipt's QR code decodes to the tracking address
    And the hub received the submission exactly once

  Scenario: The printer is unplugged at the form and back before the submission
    Given resident "R0023" is on the "form" screen of "hotline_12345"
    When the "printer" is unplugged
    And the resident fills in the required fields
    And the resident taps "Next"
    And the resident taps "Next"
    And the "printer" is plugged back in
    And the resident agrees, signs and submits
    Then the receipt was printed
    And the hub received the submission exactly once

  @ui
  Scenario: Paper out while offline: queued, not printed, then delivered once
    Given resident "R0024" is on the "review" screen of "hotline_12345"
    And the printer reports "paper out"
    And the network goes down
    When the resident agrees, signs and submits
    Then the submission is "queued"
    And the message "printer.paper_out" is shown
    And no receipt was printed
    And the outbox holds 1 waiting and 0 sent submissions
    When the network comes back
    And the kiosk sends its queue
    Then the hub received the submission exactly once
    And the outbox holds 0 waiting and 1 sent submissions

  Scenario: The next resident gets a printed receipt once the paper is refilled
    Given the printer reports "paper out"
    And resident "R0025" is on the "receipt" screen of "hotline_12345"
    And no receipt was printed
    When the resident taps "Finish"
    And the resident taps "Skip"
    And the printer reports "ready"
    And resident "R0026" is on the "receipt" screen of "hotline_12345"
    Then the receipt was printed
    And the printed receipt contains "12345"
