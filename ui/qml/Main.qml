import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// The kiosk window: status bar, the current screen, the idle countdown, the keyboard.
Window {
    id: root
    objectName: "kioskWindow"
    width: 1920
    height: 1080
    visible: true
    color: theme.colors.background
    title: qsTr("Neighbourhood service kiosk")

    readonly property bool portrait: width < height
    readonly property bool keyboardUp: keyboardLoader.item !== null && keyboardLoader.item.active
    // Which screen to show is decided in Python (ui/adapters/screen_adapter.py).
    readonly property string screen: screens.screen

    // A terminal is left only from the technician screen: a close request from anywhere
    // else (a window manager, a stray key combination) is refused.
    onClosing: (close) => { close.accepted = technician.mayClose }

    StatusBar {
        id: statusBar
        objectName: "statusBar"
        anchors { left: parent.left; right: dockPanel.left; top: parent.top }
    }

    Item {
        id: content
        objectName: "content"
        anchors {
            left: parent.left; right: dockPanel.left; top: statusBar.bottom
            bottom: root.keyboardUp ? keyboardLoader.top : parent.bottom
        }
        Loader {
            id: screenLoader
            objectName: "screenLoader"
            anchors.fill: parent
            anchors.margins: theme.spacing * 2
            source: root.screen + "Screen.qml"
        }
    }

    IdleOverlay {
        id: idleOverlay
        objectName: "idleOverlay"
        anchors.fill: parent
        visible: journey.idleWarning && journey.step !== "idle"
    }

    // The dev dock's side panel exists only in a demo (kiosk demo, the tour); a terminal
    // has none, and then this loader is empty and takes no width.
    Loader {
        id: dockPanel
        objectName: "dockLoader"
        z: 60
        anchors { top: parent.top; bottom: parent.bottom; right: parent.right }
        active: kioskHasDock
        source: "DockPanel.qml"
        onLoaded: item.portrait = Qt.binding(function() { return root.portrait })
    }

    // The virtual keyboard ships in pyside6-addons; without it the kiosk still runs.
    Loader {
        id: keyboardLoader
        objectName: "keyboardLoader"
        z: 99
        // Parked below the window until a text field takes focus. The panel's own
        // implicit height: a Loader with a set height would squash the panel to it.
        y: root.keyboardUp ? root.height - height : root.height
        height: item ? item.implicitHeight : 0
        // The panel's height follows its width: capped so a landscape form keeps room above it.
        width: Math.min(dockPanel.x, root.height * 1.1)
        x: (dockPanel.x - width) / 2
        source: kioskHasKeyboard ? "Keyboard.qml" : ""
        onLoaded: item.kioskLocale = Qt.binding(function() { return journey.locale })
    }
}
