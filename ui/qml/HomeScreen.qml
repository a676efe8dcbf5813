import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// Home: the ways to identify, the service circle (map, appointments, cases, 12345) and the
// services as icon tiles in groups; groups and their order come from the journey's home view.
Item {
    id: screen
    objectName: "homeScreen"
    readonly property bool portrait: width < height
    readonly property bool en: journey.locale === "en_US"
    readonly property real gap: theme.spacing * (theme.elder ? 1 : 1.5)
    // Standard mode shows a group's tiles, elder mode the two most used ones (fewer, larger).
    // Narrow screens (portrait, elder mode's larger text): two columns of icon-beside-name tiles.
    readonly property bool narrowTiles: theme.elder || screen.portrait
    readonly property int tileColumns: narrowTiles ? 2 : 4

    // Everything normally fits; when it cannot (elder mode, or the dev dock open beside
    // the screen) the page scrolls rather than leaving a way to identify out of reach.
    Flickable {
        id: page
        objectName: "homePage"
        anchors.fill: parent
        contentHeight: Math.max(height, body.implicitHeight)
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: KScrollBar { id: pageScroll }

        ColumnLayout {
            id: body
            width: page.width - pageScroll.gutter
            height: page.contentHeight
            spacing: screen.gap
            KTitle {
                objectName: "homeTitle"
                Layout.fillWidth: true
                text: qsTr("Welcome. Choose a service, or identify yourself to start")
            }
            MessageBanner { }
            GridLayout {
                Layout.fillWidth: true
                Layout.fillHeight: !screen.portrait
                columns: screen.portrait ? 1 : 2
                columnSpacing: theme.spacing * (theme.elder ? 2 : 3)
                rowSpacing: screen.gap * 1.5

                // --- the ways to identify ---------------------------------------------------
                ColumnLayout {
                    Layout.fillWidth: true
                    Layout.fillHeight: !screen.portrait
                    // Elder mode's larger text needs the wider column to keep each way short.
                    Layout.preferredWidth: theme.elder ? 4 : 2
                    Layout.alignment: Qt.AlignTop
                    spacing: screen.gap
                    KText {
                        // Elder mode: the title says it, and the three ways keep the height.
                        visible: !theme.elder
                        Layout.fillWidth: true
                        text: qsTr("Identify yourself")
                        font.pixelSize: theme.headingSize
                        font.bold: true
                    }
                    WayCard {
                        objectName: "wayIdCard"
                        iconName: "id"
                        title: qsTr("Place your ID card on the reader")
                        detail: qsTr("Lift it again after the beep")
                    }
                    WayCard {
                        objectName: "wayCitizenCard"
                        iconName: "credit-card"
                        title: qsTr("Or insert your citizen card")
                        detail: qsTr("Leave it in the slot until you finish")
                    }
                    WayCard {
                        objectName: "wayQr"
                        iconName: "qrcode"
                        title: qsTr("Or show your e-ID QR code to the camera")
                        detail: qsTr("Open the e-ID in your phone's government app")
                    }
                    KButton {
                        objectName: "homeCallStaffButton"
                        // Elder mode and portrait show fewer items: the status bar's "Call staff"
                        // is on every screen and does the same in one tap.
                        visible: !theme.elder && !screen.portrait
                        Layout.fillWidth: true
                        kind: "secondary"
                        text: qsTr("Ask staff for help")
                        onClicked: journey.callStaff()
                    }
                    Item { Layout.fillHeight: true; visible: !screen.portrait }
                }

                // --- the service circle and the services ---------------------------------------
                ColumnLayout {
                    Layout.fillWidth: true
                    Layout.fillHeight: !screen.portrait
                    Layout.preferredWidth: theme.elder ? 3 : 4
                    Layout.alignment: Qt.AlignTop
                    spacing: screen.gap
                    GridLayout {
                        objectName: "circleRow"
                        Layout.fillWidth: true
                        // Icon beside the name: five entries in two short rows, or in more
                        // rows where the column is narrow (elder mode, the dev dock open).
                        columns: Math.min(3, Math.max(1, Math.floor(width / (theme.bodySize * 9))))
                        columnSpacing: theme.spacing
                        rowSpacing: theme.spacing
                        IconTile {
                            objectName: "pointsButton"
                            Layout.fillWidth: true
                            Layout.fillHeight: true
                            Layout.preferredWidth: 1
                            kind: "surface"
                            horizontal: true
                            iconName: "map-2"
                            text: qsTr("Service points and map")
                            onClicked: journey.showServicePoints()
                        }
                        IconTile {
                            objectName: "appointmentsButton"
                            Layout.fillWidth: true
                            Layout.fillHeight: true
                            Layout.preferredWidth: 1
                            kind: "surface"
                            horizontal: true
                            iconName: "calendar-event"
                            text: qsTr("My bookings")
                            onClicked: journey.showMyAppointments()
                        }
                        IconTile {
                            objectName: "trackCaseButton"
                            Layout.fillWidth: true
                            Layout.fillHeight: true
                            Layout.preferredWidth: 1
                            kind: "surface"
                            horizontal: true
                            iconName: "file-search"
                            text: qsTr("Track a case")
                            onClicked: journey.showTrackCase()
                        }
                        IconTile {
                            objectName: "hotlineButton"
                            Layout.fillWidth: true
                            Layout.fillHeight: true
                            Layout.preferredWidth: 1
                            kind: "surface"
                            horizontal: true
                            iconName: "phone-call"
                            text: qsTr("12345 hotline")
                            onClicked: journey.openHotline()
                        }
                        IconTile {
                            objectName: "browseButton"
                            Layout.fillWidth: true
                            Layout.fillHeight: true
                            Layout.preferredWidth: 1
                            kind: "surface"
                            horizontal: true
                            iconName: "list-details"
                            text: qsTr("All services")
                            onClicked: journey.browse()
                        }
                    }
                    KText {
                        // Elder mode shows only the two most used services, under the circle.
                        visible: !theme.elder
                        Layout.fillWidth: true
                        text: qsTr("Services")
                        font.pixelSize: theme.headingSize
                        font.bold: true
                    }
                    // The groups: most used first, then by area (户政, 社保, 公积金 …).
                    Flow {
                        objectName: "homeGroupRow"
                        Layout.fillWidth: true
                        spacing: theme.spacing
                        visible: !theme.elder
                        Repeater {
                            model: journey.homeGroups
                            IconTile {
                                required property var modelData
                                objectName: "homeGroup_" + modelData.id
                                horizontal: true
                                selected: journey.homeGroup === modelData.id
                                iconName: modelData.icon
                                text: screen.en ? modelData.name_en : modelData.name_zh
                                onClicked: journey.setHomeGroup(modelData.id)
                            }
                        }
                    }
                    GridLayout {
                        objectName: "homeTileGrid"
                        Layout.fillWidth: true
                        columns: screen.tileColumns
                        columnSpacing: theme.spacing
                        rowSpacing: theme.spacing
                        Repeater {
                            model: journey.homeTiles
                            IconTile {
                                required property var modelData
                                objectName: "homeService_" + modelData.id
                                Layout.fillWidth: true
                                Layout.fillHeight: true
                                Layout.preferredWidth: 1
                                horizontal: screen.narrowTiles
                                iconName: modelData.icon
                                text: screen.en ? modelData.name_en : modelData.name_zh
                                onClicked: journey.showServiceDetails(modelData.id)
                            }
                        }
                    }
                    KText {
                        objectName: "homeNoServices"
                        visible: journey.homeGroups.length === 0
                        Layout.fillWidth: true
                        muted: true
                        text: qsTr("The service list is not available right now. Identify yourself, or ask staff for help.")
                    }
                    Item { Layout.fillHeight: true; visible: !screen.portrait }
                }
            }
            // Portrait: the spare height goes below everything, not between the parts.
            Item { Layout.fillHeight: true; visible: screen.portrait }
        }
    }
}
