Feature: Clock faults and timeouts
  The terminal's wall clock is set wrong (the hub refuses signatures more than five
  minutes off), or the resident walks away (the idle timeout ends and wipes the
  session; elder mode waits longer).

  Scenario Outline: A terminal clock set wrong is absorbed: the kiosk signs in the hub's time
    Given the terminal's clock jumps <minutes> minutes
    When resident "R0081" places their ID card on the reader
    Then the screen shows "identity"
    And no message is shown

    Examples:
      | minutes |
      | 30      |
      | -30     |
      | 600     |

  Scenario: A clock two minutes off is within the hub's tolerance
    Given the terminal's clock jumps 2 minutes
    And resident "R0082" is on the "receipt" screen of "hotline_12345"
    Then the submission is "sent"
    And the hub received the submission exactly once

  Scenario: The clock jumps ahead at submission, then back: each application at the hub once
    Given resident "R0083" is on the "review" screen of "hotline_12345"
    And the terminal's clock jumps 30 minutes
    When the resident agrees, signs and submits
    Then the screen shows "receipt"
    And the submission is "sent"
    And the hub received the submission exactly once
    When the resident taps "Finish"
    And the resident taps "Skip"
    And the terminal's clock jumps -30 minutes
    And resident "R0087" is on the "receipt" screen of "hotline_12345"
    Then the submission is "sent"
    And the outbox holds 0 waiting and 2 sent submissions

  @ui
  Scenario: The resident walks away from the form: the session ends and nothing is sent
    Given resident "R0084" is on the "form" screen of "hotline_12345"
    When the resident waits 91 seconds
    Then the screen shows "home"
    And the message "session.ended_timeout" is shown
    And the hub received no submission

  Scenario: Elder mode waits longer before ending the session
    Given resident "R0085" is on the "form" screen of "hotline_12345"
    And the resident turns elder mode on
    When the resident waits 100 seconds
    Then the screen shows "form"
    When the resident waits 90 seconds
    Then the screen shows "home"
    And the message "session.ended_timeout" is shown

  Scenario: The idle warning, then the resident continues
    Given resident "R0086" is on the "review" screen of "hotline_12345"
    When the resident waits 75 seconds
    And the resident taps "Continue"
    And the resident waits 75 seconds
    Then the screen shows "review"
