import QtQuick
import QtQuick.Layouts

// A label and its value on one line of a technician panel.
RowLayout {
    property string label
    property string value
    property color valueColour: theme.colors.text
    Layout.fillWidth: true
    spacing: theme.spacing
    KText { text: label; muted: true; font.pixelSize: theme.smallSize }
    KText {
        Layout.fillWidth: true
        horizontalAlignment: Text.AlignRight
        text: value
        color: valueColour
        font.pixelSize: theme.smallSize
        elide: Text.ElideMiddle
        wrapMode: Text.NoWrap
    }
}
