import QtQuick
import QtQuick.Layouts

// One titled box of a technician screen: an icon and a heading over its lines.
Rectangle {
    default property alias content: inner.data
    property string title
    property string icon
    color: theme.colors.surface
    radius: theme.radius
    implicitHeight: inner.implicitHeight + heading.implicitHeight + 3 * theme.spacing
    RowLayout {
        id: heading
        x: theme.spacing; y: theme.spacing
        width: parent.width - 2 * theme.spacing
        spacing: theme.spacing / 2
        Icon { name: icon; size: theme.bodySize * 1.4; colour: theme.colors.primary }
        KText { Layout.fillWidth: true; text: title; font.bold: true }
    }
    ColumnLayout {
        id: inner
        x: theme.spacing
        y: heading.y + heading.height + theme.spacing
        width: parent.width - 2 * theme.spacing
        spacing: theme.spacing / 3
    }
}
