import QtQuick
import QtQuick.Layouts

// Leaving the kiosk for the console: nothing happens until the second press.
TechnicianPanel {
    id: panel
    objectName: "technicianLeavePanel"
    // Asking before leaving is a view matter; the technician adapter decides the rest.
    property bool confirming: false
    title: qsTr("Leave the kiosk")
    icon: "logout"
    KText {
        Layout.fillWidth: true
        font.pixelSize: theme.smallSize
        muted: true
        text: panel.confirming
              ? qsTr("Residents cannot use this terminal until the kiosk is started again (systemctl start kiosk, or a restart). Leave now?")
              : qsTr("Stops the kiosk app for maintenance at the console.")
    }
    RowLayout {
        Layout.fillWidth: true
        spacing: theme.spacing
        KButton {
            objectName: "technicianLeaveButton"
            Layout.fillWidth: true
            kind: "danger"
            text: panel.confirming ? qsTr("Leave now") : qsTr("Leave the kiosk")
            onClicked: {
                if (panel.confirming)
                    technician.leaveKiosk()
                else
                    panel.confirming = true
            }
        }
        KButton {
            objectName: "technicianStayButton"
            visible: panel.confirming
            kind: "secondary"
            text: qsTr("Stay")
            onClicked: panel.confirming = false
        }
    }
}
