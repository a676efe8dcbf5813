import QtQuick
import QtQuick.Layouts

// Attract/home: the three ways to identify, and what works without identifying.
Item {
    id: screen
    objectName: "homeScreen"
    readonly property bool portrait: width < height

    GridLayout {
        anchors.fill: parent
        columns: screen.portrait ? 1 : 2
        columnSpacing: theme.spacing * 3
        rowSpacing: theme.spacing * 2

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 3
            spacing: theme.spacing * 1.5
            KTitle {
                objectName: "homeTitle"
                Layout.fillWidth: true
                text: qsTr("Welcome. Please identify yourself")
            }
            MessageBanner { }
            WayCard {
                objectName: "wayIdCard"
                mark: qsTr("ID")
                title: qsTr("Place your ID card on the reader")
                detail: qsTr("Lift it again after the beep")
            }
            WayCard {
                objectName: "wayCitizenCard"
                mark: qsTr("SS")
                title: qsTr("Or insert your citizen card")
                detail: qsTr("Leave it in the slot until you finish")
                visible: !theme.elder || !screen.portrait
            }
            WayCard {
                objectName: "wayQr"
                mark: qsTr("QR")
                title: qsTr("Or show your e-ID QR code to the camera")
                detail: qsTr("Open the e-ID in your phone's government app")
            }
            Item { Layout.fillHeight: true }
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: screen.portrait ? false : true
            Layout.preferredWidth: 2
            spacing: theme.spacing * 1.5
            KText {
                Layout.fillWidth: true
                text: qsTr("No card with you?")
                font.pixelSize: theme.headingSize
                font.bold: true
            }
            KButton {
                objectName: "browseButton"
                Layout.fillWidth: true
                kind: "secondary"
                text: qsTr("Browse services")
                onClicked: journey.browse()
            }
            KButton {
                objectName: "pointsButton"
                Layout.fillWidth: true
                kind: "secondary"
                text: qsTr("Nearby service points")
                onClicked: journey.showServicePoints()
            }
            KButton {
                objectName: "homeCallStaffButton"
                Layout.fillWidth: true
                kind: "secondary"
                text: qsTr("Ask staff for help")
                onClicked: journey.callStaff()
            }
            Item { Layout.fillHeight: true }
        }
    }
}
