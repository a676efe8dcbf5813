import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// Nearby service points by walking time, and the half-hour walking circle.
Item {
    id: screen
    objectName: "servicePointsScreen"
    readonly property bool portrait: width < height
    readonly property bool en: journey.locale === "en_US"
    readonly property int perPage: theme.elder ? 3 : 5

    GridLayout {
        anchors.fill: parent
        columns: screen.portrait ? 1 : 2
        columnSpacing: theme.spacing * 2
        rowSpacing: theme.spacing
        ColumnLayout {
            Layout.fillWidth: true
            // In portrait the map below takes the spare height, not a gap under the list.
            Layout.fillHeight: !screen.portrait
            Layout.preferredWidth: 3
            spacing: theme.spacing
            RowLayout {
                Layout.fillWidth: true
                spacing: theme.spacing
                KTitle {
                    objectName: "pointsTitle"
                    Layout.fillWidth: true
                    text: qsTr("Service points nearby")
                }
                KButton {
                    objectName: "pointsBackButton"
                    kind: "secondary"
                    text: qsTr("Back")
                    onClicked: journey.back()
                }
            }
            MessageBanner { }
            // The list scrolls when the points do not all fit (elder mode in landscape), so
            // none runs off the bottom of the screen.
            Flickable {
                id: pointList
                objectName: "pointList"
                Layout.fillWidth: true
                Layout.fillHeight: !screen.portrait
                Layout.preferredHeight: pointColumn.implicitHeight
                contentHeight: pointColumn.implicitHeight
                clip: true
                boundsBehavior: Flickable.StopAtBounds
                ScrollBar.vertical: KScrollBar { id: pointScroll }
                ColumnLayout {
                    id: pointColumn
                    width: pointList.width - pointScroll.gutter
                    spacing: theme.spacing
                    Repeater {
                        model: journey.servicePoints.slice(0, screen.perPage)
                        Rectangle {
                            required property var modelData
                            required property int index
                            objectName: "point_" + index
                            Layout.fillWidth: true
                            implicitHeight: info.implicitHeight + 2 * theme.spacing
                            radius: theme.radius
                            color: theme.colors.surface
                            ColumnLayout {
                                id: info
                                anchors.fill: parent
                                anchors.margins: theme.spacing
                                spacing: 4
                                KText {
                                    Layout.fillWidth: true
                                    font.bold: true
                                    text: (parent.parent.index + 1) + ". " + (screen.en ? parent.parent.modelData.name_en : parent.parent.modelData.name_zh)
                                }
                                KText {
                                    Layout.fillWidth: true
                                    muted: true
                                    text: screen.en ? parent.parent.modelData.address_en : parent.parent.modelData.address_zh
                                }
                                KText {
                                    Layout.fillWidth: true
                                    text: qsTr("%1 min walk").arg(parent.parent.modelData.walking_minutes)
                                          + (parent.parent.modelData.within_half_hour ? "" : " · " + qsTr("more than half an hour"))
                                }
                            }
                        }
                    }
                }
            }
        }
        Item {
            objectName: "halfHourMap"
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 2
            Layout.minimumHeight: 300
            readonly property real radiusPx: Math.min(width, height) / 2 - theme.spacing
            // Half an hour at a walking pace (the hub's estimate uses 75 m a minute).
            readonly property real halfHourM: 30 * 75
            Rectangle {
                objectName: "halfHourCircle"
                anchors.centerIn: parent
                width: parent.radiusPx * 2
                height: width
                radius: width / 2
                color: theme.colors.badgeHub
                border.color: theme.colors.primary
                border.width: 3
            }
            Rectangle {
                anchors.centerIn: parent
                width: 24; height: 24; radius: 12
                color: theme.colors.danger
            }
            Repeater {
                model: journey.servicePoints.slice(0, screen.perPage)
                Rectangle {
                    required property var modelData
                    required property int index
                    readonly property real scale_: parent.radiusPx / parent.halfHourM
                    // Equirectangular offset from the terminal is plenty at city scale.
                    readonly property real dx: (modelData.lon - points.lon) * 111320 * Math.cos(points.lat * Math.PI / 180) * scale_
                    readonly property real dy: -(modelData.lat - points.lat) * 110540 * scale_
                    x: parent.width / 2 + Math.max(-parent.radiusPx, Math.min(parent.radiusPx, dx)) - width / 2
                    y: parent.height / 2 + Math.max(-parent.radiusPx, Math.min(parent.radiusPx, dy)) - height / 2
                    width: theme.bodySize * 1.4
                    height: width
                    radius: width / 2
                    color: theme.colors.primary
                    Text {
                        anchors.centerIn: parent
                        text: parent.index + 1
                        color: theme.colors.onPrimary
                        font.family: theme.fontFamily
                        font.pixelSize: theme.smallSize
                    }
                }
            }
            QtObject {
                id: points
                property real lat: devices.terminalLat
                property real lon: devices.terminalLon
            }
        }
    }
}
