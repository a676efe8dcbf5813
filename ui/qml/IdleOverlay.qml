import QtQuick
import QtQuick.Layouts

// "Continue?" with the seconds left before the session ends and is wiped.
Rectangle {
    id: overlay
    color: theme.colors.overlay
    z: 50
    // Take the focus from the field being typed in: keys and the virtual keyboard must not
    // reach the form behind the warning either.
    onVisibleChanged: if (visible) forceActiveFocus()

    // Swallow taps, presses and wheel turns outside the dialog so nothing behind it is
    // pressed by mistake (a MouseArea that accepts no button would let them all through).
    MouseArea {
        objectName: "idleTapCatcher"
        anchors.fill: parent
        acceptedButtons: Qt.AllButtons
        preventStealing: true
        onWheel: function(wheel) { wheel.accepted = true }
    }

    Rectangle {
        objectName: "idleDialog"
        anchors.centerIn: parent
        width: Math.min(parent.width - 4 * theme.spacing, 900 * theme.scale)
        height: box.implicitHeight + 4 * theme.spacing
        radius: theme.radius
        color: theme.colors.surface

        ColumnLayout {
            id: box
            anchors.fill: parent
            anchors.margins: 2 * theme.spacing
            spacing: 2 * theme.spacing
            KTitle {
                objectName: "idleTitle"
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                text: qsTr("Are you still there?")
            }
            Text {
                objectName: "idleCountdown"
                Layout.alignment: Qt.AlignHCenter
                text: Math.max(0, journey.idleRemaining)
                font.family: theme.fontFamily
                font.pixelSize: theme.hugeSize
                font.bold: true
                color: theme.colors.danger
            }
            KText {
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                text: qsTr("For your privacy this session will end and everything you entered will be erased.")
            }
            RowLayout {
                Layout.alignment: Qt.AlignHCenter
                spacing: 2 * theme.spacing
                KButton {
                    objectName: "idleExitButton"
                    kind: "secondary"
                    text: qsTr("Exit now")
                    onClicked: journey.exitSession()
                }
                KButton {
                    objectName: "idleContinueButton"
                    text: qsTr("Continue")
                    onClicked: journey.continueSession()
                }
            }
        }
    }
}
