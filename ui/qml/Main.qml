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

    DockPanel {
        id: dockPanel
        objectName: "dockPanel"
        anchors { top: parent.top; bottom: parent.bottom; right: parent.right }
    }

    // The virtual keyboard ships in pyside6-addons; without it the kiosk still runs.
    Loader {
        id: keyboardLoader
        objectName: "keyboardLoader"
        z: 99
        y: item ? item.y : root.height
        height: item ? item.height : 0
        anchors.left: parent.left
        anchors.right: dockPanel.left
        source: kioskHasKeyboard ? "Keyboard.qml" : ""
        onLoaded: {
            item.width = Qt.binding(function() { return keyboardLoader.width })
            item.windowHeight = Qt.binding(function() { return root.height })
            item.kioskLocale = Qt.binding(function() { return journey.locale })
        }
    }
}
