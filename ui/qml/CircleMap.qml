import QtQuick
import QtQuick.Shapes

// The half-hour circle's map: streets and the canal, this terminal, the numbered points and
// the walk to the chosen one. Everything is placed from the journey's projected 0…1
// positions (journey.circleMap); the map only scales them into the largest box that keeps
// the district's proportions. It is a picture: points are chosen in the list beside it.
Item {
    id: map
    objectName: "circleMap"
    property var view: ({})
    readonly property real aspect: view.aspect || 1
    // The drawing box, letterboxed into the item.
    readonly property real w: Math.min(width, height * aspect)
    readonly property real h: w / aspect
    readonly property real pin: Math.max(30, theme.bodySize * 1.1)

    function scaled(points) {
        return points.map(function(p) { return Qt.point(p[0] * map.w, p[1] * map.h) })
    }

    Rectangle {
        id: paper
        objectName: "circleMapPaper"
        x: (map.width - map.w) / 2
        y: (map.height - map.h) / 2
        width: map.w
        height: map.h
        color: theme.colors.surface
        border.color: theme.colors.surfaceAlt
        border.width: 2
        clip: true

        Repeater {
            model: map.view.lines || []
            Shape {
                required property var modelData
                anchors.fill: parent
                preferredRendererType: Shape.CurveRenderer
                ShapePath {
                    strokeColor: modelData.kind === "water" ? "#9CC3E6" : theme.colors.disabled
                    strokeWidth: modelData.kind === "water" ? map.w / 90 : map.w / 150
                    fillColor: "transparent"
                    capStyle: ShapePath.RoundCap
                    joinStyle: ShapePath.RoundJoin
                    PathPolyline { path: map.scaled(modelData.points) }
                }
            }
        }
        Shape {
            objectName: "circleRoute"
            anchors.fill: parent
            visible: (map.view.route || []).length > 1
            preferredRendererType: Shape.CurveRenderer
            ShapePath {
                strokeColor: theme.colors.success
                strokeWidth: map.w / 90
                fillColor: "transparent"
                capStyle: ShapePath.RoundCap
                joinStyle: ShapePath.RoundJoin
                PathPolyline { path: map.scaled(map.view.route || []) }
            }
        }
        Repeater {
            model: map.view.points || []
            Rectangle {
                required property var modelData
                required property int index
                readonly property bool chosen: modelData.id === map.view.selected
                objectName: "circlePin_" + index
                visible: modelData.at !== null && modelData.at !== undefined
                width: chosen ? map.pin * 1.3 : map.pin
                height: width
                radius: width / 2
                x: (modelData.at ? modelData.at.x : 0) * map.w - width / 2
                y: (modelData.at ? modelData.at.y : 0) * map.h - height / 2
                z: chosen ? 3 : 2
                color: chosen ? theme.colors.success : theme.colors.primary
                border.color: theme.colors.onPrimary
                border.width: 2
                Text {
                    anchors.centerIn: parent
                    text: parent.index + 1
                    color: theme.colors.onPrimary
                    font.family: theme.fontFamily
                    font.pixelSize: map.pin * 0.6
                    font.bold: true
                }
            }
        }
        // This terminal: where the resident stands.
        Rectangle {
            objectName: "circleHere"
            visible: map.view.here !== null && map.view.here !== undefined
            z: 4
            width: map.pin * 1.2
            height: width
            radius: width / 2
            x: (map.view.here ? map.view.here.x : 0) * map.w - width / 2
            y: (map.view.here ? map.view.here.y : 0) * map.h - height / 2
            color: theme.colors.danger
            border.color: theme.colors.onDanger
            border.width: 3
            Icon {
                anchors.centerIn: parent
                size: parent.width * 0.7
                name: "current-location"
                colour: theme.colors.onDanger
            }
        }
    }
}
