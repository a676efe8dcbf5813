import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// A tappable tile: an icon above (or beside) a caption that wraps and is never cut short.
Button {
    id: tile
    property string iconName
    property bool selected: false
    property bool horizontal: false
    property string kind: "secondary"   // secondary | surface | primary
    readonly property string fill: selected || kind === "primary" ? theme.colors.primary
                                 : kind === "surface" ? theme.colors.surface
                                 : theme.colors.secondary
    readonly property string ink: selected || kind === "primary" ? theme.colors.onPrimary
                                : kind === "surface" ? theme.colors.primary
                                : theme.colors.onSecondary
    readonly property real iconSize: horizontal ? theme.bodySize * 1.3 : theme.headingSize * 1.5
    padding: theme.spacing
    leftPadding: theme.spacing * (horizontal ? 1 : 0.75)
    rightPadding: leftPadding
    font.family: theme.fontFamily
    font.pixelSize: theme.bodySize
    focusPolicy: Qt.StrongFocus
    implicitWidth: Math.max(theme.touchMin * (horizontal ? 2 : 1.5),
                            implicitContentWidth + leftPadding + rightPadding)
    implicitHeight: Math.max(theme.touchMin, implicitContentHeight + topPadding + bottomPadding)
    contentItem: GridLayout {
        columns: tile.horizontal ? 2 : 1
        rowSpacing: theme.spacing / 2
        columnSpacing: theme.spacing / 2
        Icon {
            Layout.alignment: tile.horizontal ? Qt.AlignVCenter : Qt.AlignHCenter
            Layout.preferredWidth: tile.iconSize
            Layout.preferredHeight: tile.iconSize
            size: tile.iconSize
            name: tile.iconName
            colour: tile.ink
        }
        Text {
            Layout.fillWidth: true
            text: tile.text
            font: tile.font
            color: tile.ink
            horizontalAlignment: tile.horizontal ? Text.AlignLeft : Text.AlignHCenter
            verticalAlignment: Text.AlignVCenter
            wrapMode: Text.WordWrap
        }
    }
    background: Rectangle {
        radius: theme.radius
        color: tile.fill
        opacity: tile.down ? 0.8 : 1.0
        border.width: tile.visualFocus ? 4 : (tile.kind === "surface" ? 2 : 0)
        border.color: tile.visualFocus ? theme.colors.text : theme.colors.secondary
    }
}
