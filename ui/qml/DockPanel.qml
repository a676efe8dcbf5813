import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// Dev dock side panel (simulation only): drives simulated hardware over the dock's HTTP API.
Rectangle {
    id: panel
    property bool open: false
    visible: dock.available
    width: !dock.available ? 0 : (open ? 440 : 72)
    color: theme.colors.dock
    z: 60

    readonly property string resident: residentBox.currentText
    readonly property string material: devices.activeMaterial

    KButton {
        id: toggle
        objectName: "dockToggle"
        kind: "secondary"
        anchors { top: parent.top; left: parent.left; margins: 4 }
        width: 64
        height: 64
        implicitWidth: 64
        text: panel.open ? qsTr("›") : qsTr("‹")
        Accessible.name: qsTr("Developer dock")
        onClicked: panel.open = !panel.open
    }

    Flickable {
        anchors { top: toggle.bottom; left: parent.left; right: parent.right; bottom: parent.bottom }
        anchors.margins: 8
        visible: panel.open
        clip: true
        contentHeight: col.implicitHeight
        ColumnLayout {
            id: col
            width: parent.width
            spacing: 8
            Text {
                text: qsTr("Developer dock")
                color: theme.colors.onDock
                font.family: theme.fontFamily
                font.pixelSize: 28
            }
            ComboBox {
                id: residentBox
                objectName: "dockResident"
                Layout.fillWidth: true
                Layout.preferredHeight: 64
                font.pixelSize: 28
                model: dock.residents
            }
            GridLayout {
                columns: 2
                Layout.fillWidth: true
                columnSpacing: 8
                rowSpacing: 8
                DockButton { objectName: "dockPlaceId"; text: qsTr("Place ID card"); onClicked: dock.placeIdCard(panel.resident) }
                DockButton { objectName: "dockLiftId"; text: qsTr("Lift ID card"); onClicked: dock.liftIdCard() }
                DockButton { objectName: "dockInsertCc"; text: qsTr("Insert citizen card"); onClicked: dock.insertCitizenCard(panel.resident) }
                DockButton { objectName: "dockRemoveCc"; text: qsTr("Remove citizen card"); onClicked: dock.removeCitizenCard() }
                DockButton { objectName: "dockShowEid"; text: qsTr("Show e-ID QR"); onClicked: dock.showEid(panel.resident) }
                DockButton { objectName: "dockShowDoc"; text: qsTr("Show document"); onClicked: dock.showDocument(panel.material) }
                DockButton { objectName: "dockClearCamera"; text: qsTr("Clear camera"); onClicked: dock.clearCamera() }
                DockButton { objectName: "dockPaperOut"; text: qsTr("Paper out"); onClicked: dock.setPrinter("paper_out") }
                DockButton { objectName: "dockPrinterReady"; text: qsTr("Printer ready"); onClicked: dock.setPrinter("ready") }
                DockButton { objectName: "dockNetCut"; text: qsTr("Cut network"); onClicked: dock.setNetwork("cut") }
                DockButton { objectName: "dockNetSlow"; text: qsTr("Slow network"); onClicked: dock.setNetwork("slow") }
                DockButton { objectName: "dockNetOk"; text: qsTr("Network OK"); onClicked: dock.setNetwork("ok") }
            }
            Text {
                objectName: "dockResult"
                Layout.fillWidth: true
                text: dock.lastResult
                color: theme.colors.onDock
                font.family: theme.fontFamily
                font.pixelSize: 28
                wrapMode: Text.WrapAnywhere
            }
        }
    }
}
