import QtQuick
import QtQuick.Layouts

// Call staff: the request went to the hub and help is coming (or why not).
Item {
    id: screen
    objectName: "helpScreen"
    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width, 1100)
        spacing: theme.spacing * 2
        KTitle {
            objectName: "helpTitle"
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: journey.staffCalled ? qsTr("Help is on the way") : qsTr("Call staff")
        }
        KText {
            objectName: "helpText"
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: journey.staffCalled ? qsTr("A member of staff has been told and will come to this terminal. Please wait here.")
                                      : qsTr("We could not reach the staff desk. Please ask at the front desk.")
        }
        MessageBanner { }
        KButton {
            objectName: "helpBackButton"
            Layout.alignment: Qt.AlignHCenter
            text: qsTr("Back")
            onClicked: journey.back()
        }
    }
}
