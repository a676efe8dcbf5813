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

    // No status bar here, so the language switch sits in the corner on its own.
    KButton {
        objectName: "outOfServiceLanguageButton"
        anchors { top: parent.top; right: parent.right; margins: theme.spacing }
        kind: "secondary"
        text: service.otherLanguage
        onClicked: service.switchLanguage()
    }
}
