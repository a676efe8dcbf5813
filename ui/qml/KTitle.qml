import QtQuick

// A screen title.
Text {
    font.family: theme.fontFamily
    font.pixelSize: theme.titleSize
    font.bold: true
    color: theme.colors.text
    wrapMode: Text.WordWrap
}
