import QtQuick

// Body text from the theme; wraps instead of running out of its box.
Text {
    property bool muted: false
    font.family: theme.fontFamily
    font.pixelSize: theme.bodySize
    color: muted ? theme.colors.textMuted : theme.colors.text
    wrapMode: Text.WordWrap
}
