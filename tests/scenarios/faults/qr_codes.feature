Feature: QR codes held to the camera
  An e-ID QR identifies a resident (level 2) through the hub; a receipt's QR looks
  a case up. Codes that are not what they seem are refused with the next step.

  Scenario: An e-ID QR identifies the resident at level 2
    When resident "R0041" shows their e-ID QR code
    Then the screen shows "identity"

  @ui
  Scenario: A QR that is not an e-ID is refused
    When a QR code holding "hello, kiosk" is shown to the camera
    Then the screen shows "home"
    And the message "hub.qr_invalid" is shown

  Scenario: An e-ID QR needs the network
    Given the network goes down
    When resident "R0042" shows their e-ID QR code
    Then the screen shows "home"
    And the message "journey.qr_needs_network" is shown

  Scenario: An e-ID QR while the hub fails is refused with a message, nothing else happens
    Given the hub answers every request with a server error
    When resident "R0043" shows their e-ID QR code
    Then the screen shows "home"
    And the message "hub.server_error" is shown

  Scenario: A receipt's QR on the home screen looks the case up
    Given resident "R0044" is on the "receipt" screen of "hotline_12345"
    When the resident taps "Finish"
    And the resident taps "Skip"
    And the receipt's QR code is shown to the camera
    Then the screen shows "track case"
    And no message is shown

  Scenario: A stranger's QR on the track-a-case screen is not a tracking code
    Given the resident taps "Track a case"
    When a QR code holding "https://example.com/not-a-receipt" is shown to the camera
    Then the screen shows "track case"
    And the message "journey.tracking_code_invalid" is shown
