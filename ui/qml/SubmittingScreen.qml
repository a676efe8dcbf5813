import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// Submitting: the store takes it first, so it is safe even if the network is down.
Item {
    id: screen
    objectName: "submittingScreen"
    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width, 1100)
        spacing: theme.spacing * 2
        BusyIndicator {
            Layout.alignment: Qt.AlignHCenter
            Layout.preferredWidth: theme.touchMin * 2
            Layout.preferredHeight: theme.touchMin * 2
            running: true
        }
        KTitle {
            objectName: "submittingTitle"
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("Sending your application…")
        }
        KText {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            muted: true
            text: journey.online ? qsTr("This takes a few seconds.")
                  : qsTr("The network is down. Your application is saved and will be sent automatically; your receipt is valid.")
        }
    }
}
