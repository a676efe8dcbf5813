import QtQuick
import QtQuick.Layouts

// A case's status from its tracking code.
Item {
    id: screen
    objectName: "trackCaseScreen"
    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width, 1100)
        spacing: theme.spacing * 2
        KTitle {
            objectName: "trackTitle"
            Layout.fillWidth: true
            text: qsTr("Case status")
        }
        MessageBanner { }
        KText {
            objectName: "caseStatus"
            Layout.fillWidth: true
            visible: journey.caseInfo.status !== undefined
            text: qsTr("Status: %1").arg(journey.caseInfo.status || "")
        }
        KButton {
            objectName: "trackBackButton"
            text: qsTr("Back")
            onClicked: journey.back()
        }
    }
}
