Feature: A resident's visit from card to receipt
  The whole errand a resident runs at the kiosk, with nothing going wrong.

  @ui
  Scenario: An enquiry with the ID card, sent and printed
    Given resident "R0001" places their ID card on the reader
    Then the screen shows "identity"
    When the ID card is lifted off the reader
    And the resident taps "Yes, continue"
    Then the screen shows "services"
    When the resident taps "service_hotline_12345"
    Then the screen shows "form"
    And the field "name" came from "card"
    When the resident fills in the required fields
    And the resident taps "Next"
    Then the screen shows "materials"
    When the resident taps "Next"
    Then the screen shows "review"
    When the resident agrees, signs and submits
    Then the screen shows "receipt"
    And the submission is "sent"
    And the message "journey.submitted" is shown
    And the receipt was printed
    And the printed receipt's QR code decodes to the tracking address
    And the hub received the submission exactly once
    And the outbox holds 0 waiting and 1 sent submissions
    And no personal data appears in the logs

  @ui
  Scenario: Elder mode speaks every screen, and the printer's problem on the receipt
    Given the resident turns elder mode on
    And the printer reports "paper out"
    When resident "R0091" is on the "receipt" screen of "hotline_12345"
    Then the voice prompt says "二维码"
    And the message "printer.paper_out" is shown
    When the resident switches the language to "English"
    Then the voice prompt says "receipt"
