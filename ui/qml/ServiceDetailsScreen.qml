import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// A service before starting it: what to bring (and what is on file), whether it is done on
// the spot, the legal time limit, fees, how the result comes, and where else it is done.
// A service this kiosk cannot complete says so here and offers a slip to the nearest hall.
Item {
    id: screen
    objectName: "serviceDetailsScreen"
    readonly property bool portrait: width < height
    readonly property bool en: journey.locale === "en_US"
    readonly property var d: journey.serviceDetails
    readonly property var nearest: (d.elsewhere || []).length > 0 ? d.elsewhere[0] : null
    readonly property int shownPoints: theme.elder ? 2 : 3

    function deliveryText(mode) {
        switch (mode) {
        case "on_the_spot": return qsTr("Printed here and now")
        case "pickup": return qsTr("Collect at a service hall")
        case "mail": return qsTr("Posted to you (express mail)")
        default: return mode
        }
    }
    function deliveryIcon(mode) {
        return mode === "on_the_spot" ? "printer" : mode === "mail" ? "truck-delivery" : "building"
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: theme.spacing
        RowLayout {
            Layout.fillWidth: true
            spacing: theme.spacing
            KTitle {
                objectName: "detailsTitle"
                Layout.fillWidth: true
                text: (screen.en ? screen.d.name_en : screen.d.name_zh) || ""
            }
            KButton {
                objectName: "detailsBackButton"
                kind: "secondary"
                text: qsTr("Back")
                onClicked: journey.back()
            }
        }
        MessageBanner { }
        // The facts scroll when they do not all fit; what to do next stays in view below.
        Flickable {
            id: page
            objectName: "detailsPage"
            Layout.fillWidth: true
            Layout.fillHeight: true
            contentHeight: grid.implicitHeight
            clip: true
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: KScrollBar { id: pageScroll }
            GridLayout {
                id: grid
                width: page.width - pageScroll.gutter
                columns: screen.portrait ? 1 : 2
                columnSpacing: theme.spacing * 2
                rowSpacing: theme.spacing

                // --- what it takes ------------------------------------------------------------
                ColumnLayout {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    Layout.alignment: Qt.AlignTop
                    spacing: theme.spacing / 2
                    DetailLine {
                        objectName: "detailsSpot"
                        iconName: "clock"
                        text: screen.d.on_the_spot ? qsTr("Done on the spot: the result is printed now")
                              : screen.d.time_limit_days > 0 ? qsTr("Legal time limit: %n working day(s)", "", screen.d.time_limit_days)
                              : qsTr("The hall tells you when the result is ready")
                    }
                    DetailLine {
                        objectName: "detailsFees"
                        iconName: "coin"
                        text: (screen.d.fees || []).length === 0 ? qsTr("Free of charge")
                              : (screen.d.fees || []).map(function(f) { return (screen.en ? f.name_en : f.name_zh) + " " + f.amount }).join(" · ")
                    }
                    DetailLine {
                        objectName: "detailsIdentity"
                        iconName: "id"
                        text: screen.d.identity_level >= 2 ? qsTr("Identify with your ID card and a code sent to your phone")
                              : qsTr("Identify with your ID card, citizen card or e-ID")
                    }
                    KText {
                        Layout.fillWidth: true
                        Layout.topMargin: theme.spacing / 2
                        font.bold: true
                        text: (screen.d.materials || []).length === 0 ? qsTr("Nothing to bring")
                              : qsTr("What to bring")
                    }
                    Repeater {
                        model: screen.d.materials || []
                        DetailLine {
                            required property var modelData
                            required property int index
                            objectName: "detailsMaterial_" + modelData.type
                            iconName: modelData.on_file ? "check" : "file-description"
                            highlight: modelData.on_file
                            text: (screen.en ? modelData.name_en : modelData.name_zh)
                                  + (modelData.required ? "" : " " + qsTr("(optional)"))
                                  + (modelData.on_file ? " · " + qsTr("on file for you, no need to bring it") : "")
                        }
                    }
                    KText {
                        objectName: "detailsOnFileHint"
                        visible: !screen.d.on_file_known && (screen.d.materials || []).length > 0
                        Layout.fillWidth: true
                        muted: true
                        text: qsTr("After you identify with a phone code, the kiosk shows which of these the city already holds for you.")
                    }
                }

                // --- how the result comes, and where else --------------------------------------
                ColumnLayout {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    Layout.alignment: Qt.AlignTop
                    spacing: theme.spacing / 2
                    KText {
                        Layout.fillWidth: true
                        font.bold: true
                        visible: (screen.d.delivery || []).length > 0
                        text: qsTr("How you get the result")
                    }
                    Repeater {
                        model: screen.d.delivery || []
                        DetailLine {
                            required property var modelData
                            objectName: "detailsDelivery_" + modelData.mode
                            iconName: screen.deliveryIcon(modelData.mode)
                            text: screen.deliveryText(modelData.mode)
                                  + (modelData.mode === "on_the_spot" ? "" : " · " + qsTr("by %1").arg(modelData.expected_by))
                                  + (modelData.fee_text ? " · " + modelData.fee_text : "")
                        }
                    }
                    KText {
                        Layout.fillWidth: true
                        Layout.topMargin: theme.spacing / 2
                        font.bold: true
                        visible: (screen.d.elsewhere || []).length > 0
                        text: screen.d.completable_here ? qsTr("Also done at") : qsTr("Done at these places")
                    }
                    Repeater {
                        model: (screen.d.elsewhere || []).slice(0, screen.shownPoints)
                        DetailLine {
                            required property var modelData
                            required property int index
                            objectName: "detailsPoint_" + index
                            iconName: "map-pin"
                            text: (screen.en ? modelData.name_en : modelData.name_zh) + " · "
                                  + qsTr("%1 min walk").arg(modelData.walking_minutes) + " · "
                                  + (modelData.open_now ? qsTr("Open now") : qsTr("Opens %1").arg(modelData.opens_at))
                        }
                    }
                }
            }
        }
        // What to do next: start here, or go (and take directions along).
        GridLayout {
            Layout.fillWidth: true
            columns: screen.portrait && theme.elder ? 1 : 3
            columnSpacing: theme.spacing
            rowSpacing: theme.spacing
            KButton {
                objectName: "detailsMapButton"
                Layout.fillWidth: true
                kind: "secondary"
                visible: screen.nearest !== null
                text: qsTr("See on the map")
                onClicked: journey.showPointsFor(screen.d.id)
            }
            KButton {
                objectName: "detailsSlipButton"
                Layout.fillWidth: true
                kind: screen.d.completable_here ? "secondary" : "primary"
                visible: screen.nearest !== null
                text: qsTr("Print directions to the nearest")
                onClicked: journey.printPointSlip(screen.nearest.id)
            }
            KButton {
                objectName: "detailsStartButton"
                Layout.fillWidth: true
                visible: screen.d.completable_here === true
                text: qsTr("Start here")
                onClicked: journey.chooseService(screen.d.id)
            }
        }
    }
}
