import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// Reading a card or an e-ID: progress, and the reader's message with its next step.
Item {
    id: screen
    objectName: "readingScreen"
    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width, 1100)
        spacing: theme.spacing * 2
        BusyIndicator {
            objectName: "readingBusy"
            Layout.alignment: Qt.AlignHCenter
            Layout.preferredWidth: theme.touchMin * 2
            Layout.preferredHeight: theme.touchMin * 2
            running: true
        }
        KTitle {
            objectName: "readingTitle"
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("Reading your card…")
        }
        KText {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("Keep the card still until you hear the beep")
            muted: true
        }
        MessageBanner { }
    }
}
