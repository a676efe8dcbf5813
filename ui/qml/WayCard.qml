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
    implicitHeight: row.implicitHeight + 2 * theme.spacing
    RowLayout {
        id: row
        anchors.fill: parent
        anchors.margins: theme.spacing
        spacing: theme.spacing * 1.5
        Rectangle {
            Layout.preferredWidth: theme.touchMin * 1.4
            Layout.preferredHeight: theme.touchMin * 1.4
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
