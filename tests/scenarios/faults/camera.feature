Feature: Camera faults
  The document camera (a simulator fed with sheets of each material's shape) is
  unplugged or sees nothing while the resident photographs their materials.

  @ui
  Scenario: The camera is unplugged on the materials screen: the hint says so
    Given resident "R0031" is on the "materials" screen of "senior_card"
    When the "camera" is unplugged
    Then the message "camera.unavailable" is shown
    And the screen shows "materials"
    When the "camera" is plugged back in
    And the resident takes pictures of the missing materials
    And the resident taps "Next"
    Then the screen shows "review"

  Scenario: Taking a picture with the camera unplugged takes nothing
    Given resident "R0032" is on the "materials" screen of "senior_card"
    And the "camera" is unplugged
    When the resident takes a picture
    And the resident taps "Next"
    Then the screen shows "materials"
    And the message "journey.materials_missing" is shown

  Scenario: Nothing under the camera: Next is refused until the material is in
    Given resident "R0033" is on the "materials" screen of "senior_card"
    When the camera sees nothing
    And the resident taps "Next"
    Then the message "journey.materials_missing" is shown
    When the "id_card" is put under the camera
    And the resident takes a picture
    And the resident taps "Next"
    Then the screen shows "review"

  Scenario: The camera unplugged after the materials does not stop the submission
    Given resident "R0034" is on the "review" screen of "senior_card"
    When the "camera" is unplugged
    And the resident agrees, signs and submits
    Then the screen shows "receipt"
    And the hub received the submission exactly once

  Scenario: An e-ID QR cannot be read with the camera unplugged; the ID card still works
    Given the "camera" is unplugged
    When resident "R0035" shows their e-ID QR code
    Then the screen shows "home"
    When resident "R0035" places their ID card on the reader
    Then the screen shows "identity"
