import QtQuick
import QtQuick.Layouts

// A dock panel button: developer-sized text (not scaled by elder mode), touch-sized target.
// Two columns share the panel's width, so the caption gets the width and wraps to two lines.
KButton {
    kind: "secondary"
    Layout.fillWidth: true
    Layout.preferredWidth: 200
    Layout.preferredHeight: Math.max(84, theme.touchMin)
    leftPadding: 8
    rightPadding: 8
    topPadding: 4
    bottomPadding: 4
    font.pixelSize: 24
}
