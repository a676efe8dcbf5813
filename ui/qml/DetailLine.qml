import QtQuick
import QtQuick.Layouts

// One fact with its icon: a line of the service details (never tapped).
RowLayout {
    id: line
    property string iconName
    property string text
    property bool highlight: false
    Layout.fillWidth: true
    spacing: theme.spacing
    Icon {
        Layout.alignment: Qt.AlignTop
        Layout.preferredWidth: size
        Layout.preferredHeight: size
        size: theme.bodySize * 1.3
        name: line.iconName
        colour: line.highlight ? theme.colors.success : theme.colors.primary
    }
    KText {
        Layout.fillWidth: true
        text: line.text
        color: line.highlight ? theme.colors.success : theme.colors.text
    }
}
