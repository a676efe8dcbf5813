import QtQuick

// The window of a kiosk that could not even open its store: only the out-of-service screen,
// until the background retry opens it and the full kiosk window takes over. A technician
// can still sign in with the PIN (press and hold the top band three seconds, as the status
// bar of the kiosk window) to read the cause and leave the kiosk for the console.
Window {
    id: root
    objectName: "outOfServiceWindow"
    width: 1920
    height: 1080
    visible: true
    color: theme.colors.background
    title: service.title

    // Left only from the technician screen, as the kiosk window (Python allows the close
    // when the kiosk opens or shuts down).
    onClosing: (close) => { close.accepted = technician.mayClose }

    Item {
        id: topBand
        anchors { left: parent.left; right: parent.right; top: parent.top }
        height: languageButton.height + 2 * theme.spacing

        // The hidden technician entry: no resident can be served here, so it always opens.
        MouseArea {
            objectName: "technicianEntry"
            anchors.fill: parent
            pressAndHoldInterval: 3000
            onPressAndHold: technician.openSignIn()
        }

        // No status bar here, so the language switch sits in the corner on its own.
        KButton {
            id: languageButton
            objectName: "outOfServiceLanguageButton"
            anchors { top: parent.top; right: parent.right; margins: theme.spacing }
            kind: "secondary"
            text: service.otherLanguage
            onClicked: service.switchLanguage()
        }
    }

    Loader {
        objectName: "screenLoader"
        anchors {
            left: parent.left; right: parent.right; top: topBand.bottom; bottom: parent.bottom
            leftMargin: theme.spacing * 2; rightMargin: theme.spacing * 2
            bottomMargin: theme.spacing * 2
        }
        source: technician.state === "sign_in" ? "TechnicianSignInScreen.qml"
              : technician.state === "open" ? "StartupTechnicianScreen.qml"
              : "OutOfServiceScreen.qml"
    }
}
