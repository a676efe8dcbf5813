import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// A text box from the theme, typed with the on-screen keyboard (pinyin, English, digits).
TextField {
    id: box
    Layout.preferredHeight: theme.buttonHeight
    implicitHeight: theme.buttonHeight
    font.family: theme.fontFamily
    font.pixelSize: theme.bodySize
    color: theme.colors.text
    placeholderTextColor: theme.colors.textMuted
    // No cut/copy/paste menu: a kiosk has no clipboard to offer.
    ContextMenu.menu: null
    background: Rectangle {
        radius: theme.radius
        color: theme.colors.surface
        border.width: box.activeFocus ? 3 : 1
        border.color: box.activeFocus ? theme.colors.primary : theme.colors.textMuted
    }
}
