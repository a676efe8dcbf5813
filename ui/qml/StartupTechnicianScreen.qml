import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// The technician screen of a kiosk that could not start: why, what to do, and leaving for
// the console. Every value comes from ui/adapters/startup_desk_adapter.py; this only draws.
Item {
    id: screen
    objectName: "startupTechnicianScreen"

    Flickable {
        id: page
        anchors.fill: parent
        contentWidth: width
        contentHeight: body.implicitHeight
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        onMovementStarted: technician.touch()
        ScrollBar.vertical: KScrollBar { id: pageScroll }

        ColumnLayout {
            id: body
            width: page.width - pageScroll.gutter
            spacing: theme.spacing

            RowLayout {
                Layout.fillWidth: true
                spacing: theme.spacing
                Icon { name: "tool"; colour: theme.colors.primary }
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 0
                    KTitle {
                        objectName: "startupTechnicianTitle"
                        Layout.fillWidth: true
                        text: qsTr("Technician screen")
                    }
                    KText {
                        Layout.fillWidth: true
                        muted: true
                        font.pixelSize: theme.smallSize
                        text: qsTr("Signed in with the PIN")
                    }
                }
                KButton {
                    objectName: "technicianSignOutButton"
                    text: qsTr("Sign out")
                    onClicked: technician.signOut()
                }
            }

            GridLayout {
                Layout.fillWidth: true
                columns: screen.width > screen.height ? 2 : 1
                columnSpacing: theme.spacing
                rowSpacing: theme.spacing

                TechnicianPanel {
                    objectName: "startupCausePanel"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 3
                    Layout.alignment: Qt.AlignTop
                    title: qsTr("Why the kiosk cannot start")
                    icon: "alert-triangle"
                    Repeater {
                        model: technician.causes
                        ColumnLayout {
                            required property var modelData
                            required property int index
                            Layout.fillWidth: true
                            spacing: theme.spacing / 3
                            TechnicianLine { label: qsTr("Fault code"); value: modelData.code }
                            KText {
                                objectName: "startupCauseDetail" + index
                                Layout.fillWidth: true
                                font.family: "monospace"
                                font.pixelSize: theme.smallSize
                                wrapMode: Text.WrapAnywhere
                                text: modelData.detail
                            }
                        }
                    }
                    KText {
                        Layout.fillWidth: true
                        Layout.topMargin: theme.spacing / 2
                        font.pixelSize: theme.smallSize
                        text: qsTr("The kiosk keeps trying by itself and opens once the fault is fixed. To fix it, leave the kiosk and run kiosk doctor at the console: it names the cause and the fix.")
                    }
                }

                ColumnLayout {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 2
                    Layout.alignment: Qt.AlignTop
                    spacing: theme.spacing
                    TechnicianPanel {
                        objectName: "startupTerminalPanel"
                        Layout.fillWidth: true
                        title: qsTr("Terminal")
                        icon: "devices"
                        TechnicianLine { label: qsTr("Terminal id"); value: technician.terminalId }
                        TechnicianLine { label: qsTr("Location"); value: technician.location }
                        TechnicianLine { label: qsTr("Version"); value: technician.version }
                    }
                    LeaveKioskPanel {
                        Layout.fillWidth: true
                    }
                }
            }
        }
    }
}
