import QtQuick

// Finger signature: a Canvas the resident draws on; ``dataUrl()`` gives the PNG.
Rectangle {
    id: pad
    property bool signed: false
    color: theme.colors.surface
    border.width: 2
    border.color: theme.colors.textMuted
    radius: theme.radius

    function clear() {
        var ctx = canvas.getContext("2d")
        ctx.reset()
        canvas.requestPaint()
        pad.signed = false
    }
    function dataUrl() {
        return pad.signed ? canvas.toDataURL("image/png") : ""
    }

    Canvas {
        id: canvas
        objectName: "signatureCanvas"
        anchors.fill: parent
        anchors.margins: 4
        property var points: []
        onPaint: {
            var ctx = getContext("2d")
            ctx.lineWidth = 5
            ctx.lineCap = "round"
            ctx.strokeStyle = "#14202E"
            ctx.beginPath()
            for (var i = 1; i < points.length; ++i) {
                ctx.moveTo(points[i - 1].x, points[i - 1].y)
                ctx.lineTo(points[i].x, points[i].y)
            }
            ctx.stroke()
            points = points.length ? [points[points.length - 1]] : []
        }
    }
    MouseArea {
        objectName: "signatureArea"
        anchors.fill: parent
        onPressed: function(mouse) { canvas.points = [Qt.point(mouse.x, mouse.y)] }
        onPositionChanged: function(mouse) {
            canvas.points.push(Qt.point(mouse.x, mouse.y))
            pad.signed = true
            canvas.requestPaint()
        }
    }
}
