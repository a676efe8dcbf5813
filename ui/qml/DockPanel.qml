import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// Dev dock side panel (simulation only): drives simulated hardware over the dock's HTTP API.
Rectangle {
    id: panel
    objectName: "dockPanel"
    property bool open: false
    visible: dock.available
    // Texts stay developer-sized, but every target keeps the theme's touch size (elder mode
    // raises it), so the panel passes the same layout checks as the resident's screens.
    // Portrait windows are narrow and tall: the open panel takes less width and stacks its
    // buttons in one column, so the kiosk's screen beside it keeps room for elder mode.
    // Set by Main.qml's loader from the window: the loader itself is only as wide as the panel.
    property bool portrait: false
    width: !dock.available ? 0 : (!open ? theme.touchMin + 8 : portrait ? 300 : 440)
    color: theme.colors.dock
    z: 60

    readonly property string resident: residentBox.currentText
    readonly property string material: devices.activeMaterial
    // The active material's paper shape, so the demo document is the right kind of paper.
    readonly property real materialAspect: {
        var list = journey.materials
        for (var i = 0; i < list.length; ++i)
            if (list[i].type === panel.material)
                return list[i].width_mm / list[i].height_mm
        return 0
    }

    KButton {
        id: toggle
        objectName: "dockToggle"
        kind: "secondary"
        anchors { top: parent.top; left: parent.left; margins: 4 }
        width: theme.touchMin
        height: theme.touchMin
        implicitWidth: theme.touchMin
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
                Layout.preferredHeight: theme.touchMin
                font.pixelSize: 28
                model: dock.residents
            }
            GridLayout {
                columns: panel.portrait ? 1 : 2
                Layout.fillWidth: true
                columnSpacing: 8
                rowSpacing: 8
                DockButton { objectName: "dockPlaceId"; text: qsTr("Place ID card"); onClicked: dock.placeIdCard(panel.resident) }
                DockButton { objectName: "dockLiftId"; text: qsTr("Lift ID card"); onClicked: dock.liftIdCard() }
                DockButton { objectName: "dockInsertCc"; text: qsTr("Insert citizen card"); onClicked: dock.insertCitizenCard(panel.resident) }
                DockButton { objectName: "dockRemoveCc"; text: qsTr("Remove citizen card"); onClicked: dock.removeCitizenCard() }
                DockButton { objectName: "dockInsertTech"; text: qsTr("Technician card"); onClicked: dock.insertCitizenCard(dock.technicianCard) }
                DockButton { objectName: "dockShowEid"; text: qsTr("Show e-ID QR"); onClicked: dock.showEid(panel.resident) }
                DockButton { objectName: "dockShowDoc"; text: qsTr("Show document"); onClicked: dock.showDocument(panel.material, panel.materialAspect) }
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
