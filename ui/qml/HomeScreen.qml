import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// Attract/home: the three ways to identify, and what works without identifying.
Item {
    id: screen
    objectName: "homeScreen"
    readonly property bool portrait: width < height

    // Elder mode's spacing is already 1.5×; the extra gaps of standard mode would push the
    // last way to identify off a landscape screen.
    readonly property real gap: theme.spacing * (theme.elder ? 1 : 1.5)

    // Everything normally fits; when it cannot (elder mode with the dev dock open beside
    // the screen) the page scrolls rather than leaving a way to identify out of reach.
    Flickable {
        id: page
        objectName: "homePage"
        anchors.fill: parent
        contentHeight: Math.max(height, body.implicitHeight)
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: KScrollBar { id: pageScroll }

        // The title and any message span the whole width, so the ways to identify below
        // keep their height for themselves (elder mode in landscape has none to spare).
        ColumnLayout {
            id: body
            width: page.width - pageScroll.gutter
            height: page.contentHeight
            spacing: screen.gap
            KTitle {
                objectName: "homeTitle"
                Layout.fillWidth: true
                text: qsTr("Welcome. Please identify yourself")
            }
            MessageBanner { }
            GridLayout {
                Layout.fillWidth: true
                Layout.fillHeight: true
                columns: screen.portrait ? 1 : 2
                columnSpacing: theme.spacing * (theme.elder ? 2 : 3)
                rowSpacing: screen.gap * 1.5

                ColumnLayout {
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    // Elder mode in landscape: wider cards, so each title keeps to one line.
                    Layout.preferredWidth: theme.elder ? 5 : 3
                    spacing: screen.gap
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
                    spacing: screen.gap
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
                        objectName: "trackCaseButton"
                        Layout.fillWidth: true
                        kind: "secondary"
                        text: qsTr("Track a case")
                        onClicked: journey.showTrackCase()
                    }
                    KButton {
                        objectName: "homeCallStaffButton"
                        // Elder mode shows fewer, larger items: the status bar's "Call staff" is
                        // on every screen and does the same in one tap.
                        visible: !theme.elder
                        Layout.fillWidth: true
                        kind: "secondary"
                        text: qsTr("Ask staff for help")
                        onClicked: journey.callStaff()
                    }
                    Item { Layout.fillHeight: true }
                }
            }
        }
    }
}
