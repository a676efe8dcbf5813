import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// The half-hour service circle: a street map with this terminal, the points within 30
// minutes' walk and the walk to the chosen one, and beside it the list (walking minutes,
// open now or when it opens, queue) with a filter by service. Works from the kept copy
// when the hub is out of reach.
Item {
    id: screen
    objectName: "servicePointsScreen"
    readonly property bool portrait: width < height
    readonly property bool en: journey.locale === "en_US"
    readonly property var circle: journey.circleMap
    readonly property var points: circle.points || []

    function filterName(id) {
        var fs = screen.circle.filters || []
        for (var i = 0; i < fs.length; i++)
            if (fs[i].id === id)
                return screen.en ? fs[i].name_en : fs[i].name_zh
        return ""
    }

    GridLayout {
        anchors.fill: parent
        columns: screen.portrait ? 1 : 2
        columnSpacing: theme.spacing * 2
        rowSpacing: theme.spacing

        // --- the list -----------------------------------------------------------------------
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 1
            Layout.row: screen.portrait ? 1 : 0
            Layout.column: 0
            spacing: theme.spacing
            RowLayout {
                Layout.fillWidth: true
                spacing: theme.spacing
                KTitle {
                    objectName: "pointsTitle"
                    Layout.fillWidth: true
                    text: qsTr("Within a half-hour walk")
                }
                KButton {
                    objectName: "pointsBackButton"
                    kind: "secondary"
                    text: qsTr("Back")
                    onClicked: journey.back()
                }
            }
            MessageBanner { }
            Rectangle {
                objectName: "pointsOffline"
                visible: screen.circle.from_cache === true
                Layout.fillWidth: true
                implicitHeight: offlineText.implicitHeight + 2 * theme.spacing
                radius: theme.radius
                color: theme.colors.warning
                KText {
                    id: offlineText
                    anchors.fill: parent
                    anchors.margins: theme.spacing
                    color: theme.colors.onWarning
                    text: qsTr("No network: points and map as kept at %1. Opening times may have changed; booking needs the network.").arg(screen.circle.fetched_at || "")
                }
            }
            // Filter by service: the list and the map show only the points offering it.
            RowLayout {
                Layout.fillWidth: true
                spacing: theme.spacing
                visible: (screen.circle.filters || []).length > 0
                KText {
                    text: qsTr("Service:")
                }
                KButton {
                    objectName: "pointsFilterButton"
                    Layout.fillWidth: true
                    kind: "secondary"
                    text: screen.circle.filter ? screen.filterName(screen.circle.filter) : qsTr("All services")
                    onClicked: screen.choosingFilter = true
                }
                KButton {
                    objectName: "pointsFilterClear"
                    visible: !!screen.circle.filter
                    kind: "secondary"
                    text: qsTr("Show all")
                    onClicked: journey.filterPoints("")
                }
            }
            KText {
                objectName: "pointsNone"
                visible: screen.points.length === 0
                Layout.fillWidth: true
                text: qsTr("No service point within a half-hour walk. Ask staff for the nearest one.")
            }
            // Every point within the half hour, in walking order; the list scrolls when they
            // do not all fit (elder mode, a chosen point's longer row).
            Flickable {
                id: pointFlick
                objectName: "pointList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.minimumHeight: theme.touchMin * 2
                contentHeight: pointColumn.implicitHeight
                clip: true
                boundsBehavior: Flickable.StopAtBounds
                ScrollBar.vertical: KScrollBar { id: pointScroll }
                ColumnLayout {
                    id: pointColumn
                    width: pointFlick.width - pointScroll.gutter
                    spacing: theme.spacing / 2
                    Repeater {
                        model: screen.points
                        PointRow {
                            required property var modelData
                            required property int index
                            objectName: "point_" + index
                            Layout.fillWidth: true
                            point: modelData
                            number: index + 1
                            chosen: modelData.id === screen.circle.selected
                            onClicked: journey.selectPoint(chosen ? "" : modelData.id)
                        }
                    }
                }
            }
            // What can be done with the chosen point.
            RowLayout {
                Layout.fillWidth: true
                spacing: theme.spacing
                visible: !!screen.circle.selected
                KButton {
                    objectName: "pointSlipButton"
                    Layout.fillWidth: true
                    text: qsTr("Print directions")
                    onClicked: journey.printPointSlip(screen.circle.selected)
                }
                KButton {
                    objectName: "pointBookButton"
                    Layout.fillWidth: true
                    kind: "secondary"
                    visible: !!screen.circle.filter && screen.shownSelected().takes_appointments === true
                    text: qsTr("Book an appointment")
                    onClicked: journey.startAppointment(screen.circle.selected, screen.circle.filter)
                }
            }
            KText {
                objectName: "pointsBeyond"
                visible: (screen.circle.beyond || 0) > 0
                Layout.fillWidth: true
                muted: true
                text: qsTr("%n more point(s) over 30 minutes' walk away", "", screen.circle.beyond || 0)
            }
        }

        // --- the map ------------------------------------------------------------------------
        CircleMap {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 1
            Layout.minimumHeight: 300
            Layout.preferredHeight: screen.portrait ? screen.height * 0.42 : -1
            Layout.row: 0
            Layout.column: screen.portrait ? 0 : 1
            view: screen.circle
        }
    }

    function shownSelected() {
        for (var i = 0; i < screen.points.length; i++)
            if (screen.points[i].id === screen.circle.selected)
                return screen.points[i]
        return ({})
    }

    // The services to filter by: large buttons over the screen (a tap beside them closes it).
    property bool choosingFilter: false
    Rectangle {
        objectName: "pointsFilterPanel"
        visible: screen.choosingFilter
        anchors.fill: parent
        z: 10
        color: theme.colors.overlay
        MouseArea {
            anchors.fill: parent
            onClicked: screen.choosingFilter = false
        }
        Rectangle {
            anchors.centerIn: parent
            width: Math.min(parent.width - 2 * theme.spacing, theme.touchMin * 12)
            height: Math.min(parent.height - 2 * theme.spacing, filterColumn.implicitHeight + 2 * theme.spacing)
            radius: theme.radius
            color: theme.colors.surface
            Flickable {
                id: filterFlick
                anchors.fill: parent
                anchors.margins: theme.spacing
                contentHeight: filterColumn.implicitHeight
                clip: true
                boundsBehavior: Flickable.StopAtBounds
                ScrollBar.vertical: KScrollBar { id: filterScroll }
                ColumnLayout {
                    id: filterColumn
                    width: filterFlick.width - filterScroll.gutter
                    spacing: theme.spacing / 2
                    KButton {
                        objectName: "pointsFilter_all"
                        Layout.fillWidth: true
                        kind: screen.circle.filter ? "secondary" : "primary"
                        text: qsTr("All services")
                        onClicked: { screen.choosingFilter = false; journey.filterPoints("") }
                    }
                    Repeater {
                        model: screen.circle.filters || []
                        KButton {
                            required property var modelData
                            objectName: "pointsFilter_" + modelData.id
                            Layout.fillWidth: true
                            kind: screen.circle.filter === modelData.id ? "primary" : "secondary"
                            text: screen.en ? modelData.name_en : modelData.name_zh
                            onClicked: { screen.choosingFilter = false; journey.filterPoints(modelData.id) }
                        }
                    }
                }
            }
        }
    }
}
