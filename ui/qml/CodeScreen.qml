import QtQuick
import QtQuick.Layouts

// Level-2 one-time code: send, type it on the keypad, resend after a cooldown.
Item {
    id: screen
    objectName: "codeScreen"
    readonly property bool portrait: width < height
    property string code: ""
    readonly property bool sent: journey.codeSent.phoneHint !== undefined

    Connections {
        target: journey
        function onMessageKeyChanged() {
            // A rejected code is cleared so the resident can type it again.
            if (journey.messageKey !== "" && journey.messageKey !== "journey.code_sent")
                screen.code = ""
        }
    }

    GridLayout {
        anchors.fill: parent
        columns: screen.portrait ? 1 : 2
        columnSpacing: theme.spacing * 3
        rowSpacing: theme.spacing * 2
        ColumnLayout {
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignTop
            spacing: theme.spacing * 1.5
            KTitle {
                objectName: "codeTitle"
                Layout.fillWidth: true
                text: qsTr("Confirm with a code sent to your phone")
            }
            KText {
                objectName: "codeHint"
                Layout.fillWidth: true
                text: screen.sent
                      ? qsTr("We sent a 6-digit code to the phone number ending in %1.").arg(journey.codeSent.phoneHint)
                      : qsTr("This service needs a second check. We will text a code to your registered phone.")
            }
            MessageBanner { }
            Row {
                objectName: "codeBoxes"
                visible: screen.sent
                spacing: theme.spacing
                Repeater {
                    model: 6
                    Rectangle {
                        required property int index
                        width: theme.touchMin * 1.2
                        height: theme.touchMin * 1.4
                        radius: theme.radius
                        color: theme.colors.surface
                        border.width: 3
                        border.color: index === screen.code.length ? theme.colors.primary : theme.colors.disabled
                        Text {
                            anchors.centerIn: parent
                            text: screen.code.charAt(parent.index)
                            font.family: theme.fontFamily
                            font.pixelSize: theme.titleSize
                            color: theme.colors.text
                        }
                    }
                }
            }
            RowLayout {
                spacing: theme.spacing * 2
                KButton {
                    objectName: "codeBackButton"
                    kind: "secondary"
                    text: qsTr("Back")
                    onClicked: journey.back()
                }
                KButton {
                    objectName: "sendCodeButton"
                    kind: screen.sent ? "secondary" : "primary"
                    enabled: journey.resendRemaining === 0
                    text: !screen.sent ? qsTr("Send code")
                          : journey.resendRemaining > 0 ? qsTr("Resend in %1 s").arg(journey.resendRemaining)
                          : qsTr("Resend code")
                    onClicked: journey.requestCode()
                }
            }
        }
        NumericKeypad {
            objectName: "codeKeypad"
            visible: screen.sent
            Layout.alignment: Qt.AlignHCenter | Qt.AlignTop
            doneEnabled: screen.code.length === 6
            onDigit: function(d) { if (screen.code.length < 6) screen.code += d }
            onErase: screen.code = screen.code.slice(0, -1)
            onDone: journey.enterCode(screen.code)
        }
    }
}
