import QtQuick
import QtQuick.Layouts

// One way to identify on the home screen: a coloured mark and two lines of text.
Rectangle {
    id: card
    property string title
    property string detail
    property string mark
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
        // The mark is not tapped, so it need not be touch-sized: it leaves the text room.
        Rectangle {
            Layout.preferredWidth: theme.headingSize * 2.2
            Layout.preferredHeight: theme.headingSize * 2.2
            radius: theme.radius
            color: theme.colors.primary
            Text {
                anchors.centerIn: parent
                text: card.mark
                color: theme.colors.onPrimary
                font.family: theme.fontFamily
                font.pixelSize: theme.headingSize
                font.bold: true
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
