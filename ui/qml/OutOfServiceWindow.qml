import QtQuick

// The window of a kiosk that could not even open its store: only the out-of-service screen,
// until the background retry opens it and the full kiosk window takes over.
Window {
    id: root
    objectName: "outOfServiceWindow"
    width: 1920
    height: 1080
    visible: true
    color: theme.colors.background
    title: service.title

    OutOfServiceScreen {
        anchors.fill: parent
        anchors.margins: theme.spacing * 2
    }
}
