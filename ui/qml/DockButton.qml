import QtQuick
import QtQuick.Layouts

// A dock panel button: fixed size, not scaled by elder mode (the panel is for developers).
KButton {
    kind: "secondary"
    Layout.fillWidth: true
    Layout.preferredWidth: 200
    Layout.preferredHeight: 72
    font.pixelSize: 28
}
