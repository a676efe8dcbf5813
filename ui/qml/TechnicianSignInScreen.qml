import QtQuick
import QtQuick.Layouts

// Technician sign-in: a technician card in the citizen-card slot, or the PIN. The digits
// typed, the checks, the lock-out and every message live in Python
// (ui/adapters/technician_adapter.py); this screen only draws them.
Item {
    id: screen
    objectName: "technicianSignInScreen"

    ColumnLayout {
        anchors.fill: parent
        spacing: theme.spacing * 1.5

        RowLayout {
            Layout.fillWidth: true
            spacing: theme.spacing
            Icon { name: "tool"; colour: theme.colors.primary }
            KTitle {
                objectName: "technicianSignInTitle"
                Layout.fillWidth: true
                text: qsTr("Technician sign-in")
            }
            KButton {
                objectName: "technicianCancelButton"
                kind: "secondary"
                text: qsTr("Back to the start screen")
                onClicked: technician.cancel()
            }
        }

        Rectangle {
            objectName: "technicianNotice"
            Layout.fillWidth: true
            visible: technician.notice.length > 0 || technician.lockedSeconds > 0
            implicitHeight: visible ? noticeText.implicitHeight + 2 * theme.spacing : 0
            color: technician.noticeError || technician.lockedSeconds > 0 ? theme.colors.warning
                                                                         : theme.colors.badgeCard
            radius: theme.radius
            KText {
                id: noticeText
                objectName: "technicianNoticeText"
                anchors.fill: parent
                anchors.margins: theme.spacing
                verticalAlignment: Text.AlignVCenter
                color: theme.colors.onWarning
                text: technician.lockedSeconds === 0 ? technician.notice
                      : technician.cardSignIn
                      ? qsTr("Too many wrong PINs. Try again in %1 s, or use a technician card.")
                            .arg(technician.lockedSeconds)
                      : qsTr("Too many wrong PINs. Try again in %1 s.").arg(technician.lockedSeconds)
            }
        }

        // A kiosk that could not start has no card reader open and may have no hub: the PIN
        // is the only way in then.
        KText {
            objectName: "technicianPinOnlyHint"
            Layout.fillWidth: true
            visible: !technician.cardSignIn
            muted: true
            text: qsTr("The kiosk could not start, so technician cards cannot be checked now. Use the technician PIN.")
        }

        GridLayout {
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignTop
            columns: technician.cardSignIn && screen.width > screen.height ? 2 : 1
            columnSpacing: theme.spacing * 2
            rowSpacing: theme.spacing * 2

            // The card: what to do, and that it is being checked.
            Rectangle {
                visible: technician.cardSignIn
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                Layout.preferredHeight: Math.max(cardColumn.implicitHeight,
                                                 pinColumn.implicitHeight) + 4 * theme.spacing
                color: theme.colors.surface
                radius: theme.radius
                ColumnLayout {
                    id: cardColumn
                    anchors.centerIn: parent
                    width: parent.width - 4 * theme.spacing
                    spacing: theme.spacing
                    Icon {
                        Layout.alignment: Qt.AlignHCenter
                        name: "credit-card"
                        size: theme.hugeSize * 2
                        colour: theme.colors.primary
                    }
                    KText {
                        objectName: "technicianCardHint"
                        Layout.fillWidth: true
                        horizontalAlignment: Text.AlignHCenter
                        font.bold: true
                        text: technician.busy ? qsTr("Checking…")
                                              : qsTr("Insert your technician card into the card slot")
                    }
                    KText {
                        Layout.fillWidth: true
                        horizontalAlignment: Text.AlignHCenter
                        muted: true
                        text: qsTr("The city data hub checks the card. Without the hub, use the PIN.")
                    }
                }
            }

            // The PIN: dots for the digits typed, and the keypad.
            Rectangle {
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                Layout.preferredHeight: Math.max(cardColumn.implicitHeight,
                                                 pinColumn.implicitHeight) + 4 * theme.spacing
                color: theme.colors.surface
                radius: theme.radius
                ColumnLayout {
                    id: pinColumn
                    anchors.centerIn: parent
                    spacing: theme.spacing
                    KText {
                        Layout.alignment: Qt.AlignHCenter
                        font.bold: true
                        text: technician.cardSignIn ? qsTr("Or enter the technician PIN")
                                                    : qsTr("Enter the technician PIN")
                    }
                    Row {
                        objectName: "technicianPinDots"
                        Layout.alignment: Qt.AlignHCenter
                        Layout.preferredHeight: theme.bodySize * 1.2
                        spacing: theme.spacing
                        Repeater {
                            model: technician.pinLength
                            Rectangle {
                                width: theme.bodySize
                                height: width
                                radius: width / 2
                                color: theme.colors.text
                            }
                        }
                    }
                    NumericKeypad {
                        objectName: "technicianKeypad"
                        Layout.alignment: Qt.AlignHCenter
                        enabled: !technician.busy && technician.lockedSeconds === 0
                        doneEnabled: technician.pinLength >= 6
                        onDigit: function(d) { technician.pressDigit(d) }
                        onErase: technician.erase()
                        onDone: technician.submitPin()
                    }
                }
            }
        }
        Item { Layout.fillHeight: true }
    }
}
