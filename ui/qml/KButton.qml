import QtQuick
import QtQuick.Controls.Basic

// A touch button from the theme: at least the minimum touch size, text never clipped.
Button {
    id: control
    property string kind: "primary"   // primary | secondary | danger | success
    readonly property color fill: kind === "secondary" ? theme.colors.secondary
                                : kind === "danger" ? theme.colors.danger
                                : kind === "success" ? theme.colors.success
                                : theme.colors.primary
    readonly property color ink: kind === "secondary" ? theme.colors.onSecondary
                               : kind === "danger" ? theme.colors.onDanger
                               : kind === "success" ? theme.colors.onSuccess
                               : theme.colors.onPrimary
    implicitHeight: Math.max(theme.buttonHeight, contentItem.implicitHeight + 2 * theme.spacing)
    implicitWidth: Math.max(theme.touchMin * 2, contentItem.implicitWidth + 3 * theme.spacing)
    leftPadding: theme.spacing * 1.5
    rightPadding: theme.spacing * 1.5
    font.family: theme.fontFamily
    font.pixelSize: theme.bodySize
    focusPolicy: Qt.StrongFocus
    contentItem: Text {
        text: control.text
        font: control.font
        color: control.enabled ? control.ink : theme.colors.onDisabled
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        wrapMode: Text.WordWrap
        elide: Text.ElideRight
        maximumLineCount: 2
    }
    background: Rectangle {
        radius: theme.radius
        color: control.enabled ? control.fill : theme.colors.disabled
        opacity: control.down ? 0.8 : 1.0
        border.width: control.visualFocus ? 4 : 0
        border.color: theme.colors.text
    }
}
