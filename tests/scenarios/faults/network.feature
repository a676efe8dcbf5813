Feature: Network faults
  The connection to the city data hub drops or slows. A card still identifies the
  resident for what it shows, an application waits safely in the outbox with a valid
  receipt, and it reaches the hub exactly once when the network is back.

  Scenario: Network down at identification: the card's own fields, the resident told
    Given the network goes down
    When resident "R0051" places their ID card on the reader
    Then the screen shows "identity"
    And the message "journey.offline_card_only" is shown

  @ui
  Scenario: Network down at submission: queued with a printed receipt, then sent once
    Given resident "R0052" is on the "review" screen of "hotline_12345"
    And the network goes down
    When the resident agrees, signs and submits
    Then the screen shows "receipt"
    And the submission is "queued"
    And the message "journey.queued_offline" is shown
    And the receipt was printed
    And the printed receipt's QR code decodes to the tracking address
    And the hub received no submission
    And the outbox holds 1 waiting and 0 sent submissions
    When the network comes back
    And the kiosk sends its queue
    Then the hub received the submission exactly once
    And the outbox holds 0 waiting and 1 sent submissions
    And no personal data appears in the logs

  Scenario: The network comes and goes twice: still exactly once at the hub
    Given resident "R0053" is on the "review" screen of "hotline_12345"
    And the network goes down
    When the resident agrees, signs and submits
    And the kiosk sends its queue
    And the network comes back
    And the network goes down
    And the kiosk sends its queue
    And the network comes back
    And the kiosk sends its queue
    Then the hub received the submission exactly once
    And the outbox holds 0 waiting and 1 sent submissions

  Scenario: Network down at the form: the service needing a code says it needs the network
    Given the network goes down
    And resident "R0054" places their ID card on the reader
    And the resident taps "Yes, continue"
    When the resident taps "service_residence_permit"
    Then the screen shows "services"
    And the message "journey.level2_needs_network" is shown

  Scenario: Network down while sending the one-time code
    Given resident "R0055" is on the "code" screen of "residence_permit"
    And the network goes down
    When the resident taps "Send code"
    Then the screen shows "code"
    And the message "journey.level2_needs_network" is shown

  Scenario: Network down when tracking a case
    Given resident "R0057" is on the "receipt" screen of "hotline_12345"
    And the resident taps "Finish"
    And the resident taps "Skip"
    And the resident taps "Track a case"
    And the network goes down
    When the resident types the receipt's tracking code
    And the resident taps "Look up"
    Then the screen shows "track case"
    And the message "journey.tracking_offline" is shown

  Scenario: Network down when calling staff
    Given the network goes down
    When the resident taps "Call staff"
    Then the screen shows "help"
    And the message "journey.staff_offline" is shown

  Scenario: Network down when looking for service points: the kept copy, said to be old
    Given the network goes down
    When the resident taps "Service points and map"
    Then the screen shows "service points"
    And the message "journey.points_cached" is shown

  Scenario: A slow network still delivers the application at once
    Given resident "R0056" is on the "review" screen of "hotline_12345"
    And the network is slow, 300 ms per request
    When the resident agrees, signs and submits
    Then the submission is "sent"
    And the hub received the submission exactly once
