Feature: Citizen-card reader faults
  The citizen card stays in its slot for the whole visit; pulling it out ends the
  session at once and wipes it, wherever the resident is. A bad read tells the
  resident what to do.

  Scenario Outline: A citizen card that cannot be read tells the resident the next step
    Given the "citizen card reader" fails with "<fault>"
    When resident "R0011" inserts their citizen card
    Then the screen shows "home"
    And the message "<message>" is shown
    And the hub received no submission

    Examples:
      | fault       | message                   |
      | mute        | citizencard.read_failed   |
      | locked      | citizencard.locked        |
      | expired     | citizencard.expired       |
      | wrong card  | citizencard.wrong_card    |
      | removed     | citizencard.removed_early |

  Scenario: After a failed read, taking the card out and in again works
    Given the "citizen card reader" fails with "mute"
    And resident "R0012" inserts their citizen card
    When the citizen card is pulled out
    And resident "R0012" inserts their citizen card
    Then the screen shows "identity"

  Scenario: The citizen-card reader is unplugged
    Given the "citizen card reader" is unplugged
    When resident "R0013" inserts their citizen card
    Then the screen shows "home"
    When the "citizen card reader" is plugged back in
    Then the screen shows "identity"

  Scenario Outline: Pulling the citizen card out ends the session on any screen, nothing is sent
    Given resident "R0014" with a citizen card is on the "<screen>" screen of "senior_card"
    When the citizen card is pulled out
    Then the screen shows "home"
    And the message "session.ended_card_removed" is shown
    And the hub received no submission
    And the outbox holds 0 waiting and 0 sent submissions
    And no personal data appears in the logs

    Examples:
      | screen    |
      | identity  |
      | services  |
      | form      |
      | materials |
      | review    |

  @ui
  Scenario: Pulling the card out on the receipt screen keeps what was already sent, once
    Given resident "R0015" with a citizen card is on the "receipt" screen of "hotline_12345"
    When the citizen card is pulled out
    Then the screen shows "home"
    And the hub received the submission exactly once
    And the outbox holds 0 waiting and 1 sent submissions
