import QtQuick
import QtQuick.Controls.Basic

// A vertical scroll bar that stays in sight whenever there is more to scroll to, wide and
// dark enough that a resident sees the list goes on (the style's thin, fading bar is missed).
ScrollBar {
    id: control
    readonly property bool needed: size < 0.999
    // Room the content leaves for the bar, whether it shows or not. Content width must not
    // depend on 'needed': wrapped text changes the height, which changes 'needed', and
    // Qt would lay the page out again and again (a polish loop that hangs the window).
    readonly property real gutter: implicitWidth + theme.spacing / 2
    visible: needed
    policy: ScrollBar.AlwaysOn
    implicitWidth: theme.spacing
    minimumSize: 0.15
    contentItem: Rectangle {
        implicitWidth: theme.spacing
        radius: width / 2
        color: theme.colors.textMuted
    }
    background: Rectangle {
        radius: width / 2
        color: theme.colors.surfaceAlt
    }
}
