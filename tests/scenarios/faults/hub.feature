Feature: Hub faults
  The city data hub answers with errors, garbage or too slowly. Identification
  falls back to the card, the form to what the card shows, and an application is
  queued, never lost, and reaches the hub exactly once.

  Scenario Outline: A failing hub at identification: the card alone identifies
    Given the hub <fault>
    When resident "R0061" places their ID card on the reader
    Then the screen shows "identity"
    And the message "journey.offline_card_only" is shown

    Examples:
      | fault                                   |
      | answers every request with a server error |
      | answers garbage                         |

  Scenario: A failing hub when the form opens: the card's fields are filled in, the rest typed
    Given resident "R0062" is on the "services" screen of "hotline_12345"
    And the hub answers every request with a server error
    When the resident taps "service_hotline_12345"
    Then the screen shows "form"
    And the field "name" came from "card"

  Scenario Outline: A failing hub at submission: queued with a receipt, delivered once later
    Given resident "R0063" is on the "review" screen of "hotline_12345"
    And the hub <fault>
    When the resident agrees, signs and submits
    Then the screen shows "receipt"
    And the submission is "queued"
    And the receipt was printed
    And the outbox holds 1 waiting and 0 sent submissions
    When the hub works normally again
    And the kiosk sends its queue
    Then the hub received the submission exactly once
    And the outbox holds 0 waiting and 1 sent submissions

    Examples:
      | fault                                   |
      | answers every request with a server error |
      | answers garbage                         |

  Scenario: A hub slower than the kiosk waits: queued on screen, at the hub exactly once
    Given resident "R0064" is on the "review" screen of "hotline_12345"
    And the hub answers after 4000 ms
    When the resident agrees, signs and submits
    Then the submission is "queued"
    When the hub works normally again
    And the kiosk sends its queue
    And the kiosk sends its queue
    Then the hub received the submission exactly once
    And the outbox holds 0 waiting and 1 sent submissions

  Scenario: A failing hub when the one-time code is sent
    Given resident "R0065" is on the "code" screen of "residence_permit"
    And the hub answers every request with a server error
    When the resident taps "Send code"
    Then the screen shows "code"
    And the message "hub.server_error" is shown

  @ui
  Scenario: A wrong one-time code is refused, the right one accepted
    Given resident "R0066" is on the "code" screen of "residence_permit"
    When the resident taps "Send code"
    And the resident enters the code "000000"
    Then the screen shows "code"
    And the message "hub.code_wrong" is shown
    When the resident enters the code sent to their phone
    Then the screen shows "form"
    And the field "phone" came from "hub"
