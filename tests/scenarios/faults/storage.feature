Feature: Storage faults
  The terminal's disk fills up. An application that cannot be saved is not sent
  half-way and not printed as if it were; the resident is told to ask staff, and
  once there is room the same visit can submit, exactly once.

  @ui
  Scenario: A full disk at submission: ask staff, nothing sent, nothing printed
    Given resident "R0071" is on the "review" screen of "hotline_12345"
    And the disk is full
    When the resident agrees, signs and submits
    Then the screen shows "review"
    And the message "store.ask_staff" is shown
    And no receipt was printed
    And the hub received no submission
    And the outbox holds 0 waiting and 0 sent submissions

  Scenario: Room again: the same visit submits, once
    Given resident "R0072" is on the "review" screen of "hotline_12345"
    And the disk is full
    And the resident agrees, signs and submits
    When the disk has room again
    And the resident taps "Submit"
    Then the screen shows "receipt"
    And the submission is "sent"
    And the hub received the submission exactly once
    And the outbox holds 0 waiting and 1 sent submissions

  Scenario: A full disk with materials: nothing half-written
    Given resident "R0073" is on the "review" screen of "senior_card"
    And the disk is full
    When the resident agrees, signs and submits
    Then the message "store.ask_staff" is shown
    And the outbox holds 0 waiting and 0 sent submissions

  Scenario: A full disk while offline: not queued as if it were safe
    Given resident "R0074" is on the "review" screen of "hotline_12345"
    And the network goes down
    And the disk is full
    When the resident agrees, signs and submits
    Then the screen shows "review"
    And the message "store.ask_staff" is shown
    And the outbox holds 0 waiting and 0 sent submissions

  Scenario: A full disk holds a queued application back (never sent unrecorded), then once
    Given resident "R0075" is on the "review" screen of "hotline_12345"
    And the network goes down
    And the resident agrees, signs and submits
    When the disk is full
    And the network comes back
    And the kiosk sends its queue
    Then the hub received no submission
    And the outbox holds 1 waiting and 0 sent submissions
    When the disk has room again
    And the kiosk sends its queue
    Then the hub received the submission exactly once
    And the outbox holds 0 waiting and 1 sent submissions
