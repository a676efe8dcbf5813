import QtQuick
import QtQuick.Layouts

// One way to identify on the home screen: an icon and two lines of text.
Rectangle {
    id: card
    property string title
    property string detail
    property string iconName
    color: theme.colors.surface
    radius: theme.radius
    Layout.fillWidth: true
    // The padding stays at standard mode's size: elder mode's larger text needs the height.
    readonly property real pad: theme.spacing / theme.scale
    implicitHeight: row.implicitHeight + 2 * pad
    RowLayout {
        id: row
        anchors.fill: parent
        anchors.margins: card.pad
        spacing: theme.spacing
        // The icon is not tapped, so it need not be touch-sized: it leaves the text room.
        Rectangle {
            Layout.preferredWidth: theme.headingSize * 2
            Layout.preferredHeight: theme.headingSize * 2
            Layout.alignment: Qt.AlignTop
            radius: theme.radius
            color: theme.colors.primary
            Icon {
                anchors.centerIn: parent
                size: theme.headingSize * 1.4
                name: card.iconName
                colour: theme.colors.onPrimary
            }
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 4
            Text {
                Layout.fillWidth: true
                text: card.title
                font.family: theme.fontFamily
                font.pixelSize: theme.headingSize
                font.bold: true
                color: theme.colors.text
                wrapMode: Text.WordWrap
            }
            KText {
                Layout.fillWidth: true
                text: card.detail
                muted: true
            }
        }
    }
}
