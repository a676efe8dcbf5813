import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// The technician screen: the terminal's version, hub, queue, devices and last problems, the
// checks, signing out and leaving the kiosk. Every value comes from
// ui/adapters/technician_adapter.py (technician.status); this screen only draws.
Item {
    id: screen
    objectName: "technicianScreen"
    readonly property var st: technician.status
    readonly property bool ready: st.version !== undefined
    readonly property bool wide: width > height

    function deviceLabel(name) {
        switch (name) {
        case "idcard": return qsTr("ID-card reader")
        case "citizen_card": return qsTr("Citizen-card reader")
        case "camera": return qsTr("Document camera")
        case "printer": return qsTr("Receipt printer")
        case "barcode": return qsTr("QR decoder")
        }
        return name
    }
    function stateColour(state) {
        return state === "ok" ? theme.colors.success
             : state === "degraded" ? "#B7791F" : theme.colors.danger
    }
    // In words too, not by colour alone.
    function stateWord(state) {
        return state === "ok" ? qsTr("working")
             : state === "degraded" ? qsTr("degraded")
             : state === "absent" ? qsTr("not connected") : qsTr("fault")
    }
    function yesNo(flag) { return flag ? qsTr("yes") : qsTr("no") }

    // Everything fits a landscape screen; a portrait one scrolls.
    Flickable {
        id: page
        objectName: "technicianPage"
        anchors.fill: parent
        contentWidth: width
        contentHeight: body.implicitHeight
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        // Scrolling is using the screen: the idle sign-out starts again.
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
                        objectName: "technicianTitle"
                        Layout.fillWidth: true
                        text: qsTr("Technician screen")
                    }
                    KText {
                        objectName: "technicianSignedInAs"
                        Layout.fillWidth: true
                        muted: true
                        font.pixelSize: theme.smallSize
                        text: technician.method === "card"
                              ? qsTr("Signed in with card %1").arg(technician.staff)
                              : qsTr("Signed in with the PIN")
                    }
                }
                KButton {
                    objectName: "technicianRefreshButton"
                    kind: "secondary"
                    text: qsTr("Refresh")
                    enabled: !technician.busy
                    onClicked: technician.refresh()
                }
                KButton {
                    objectName: "technicianSignOutButton"
                    text: qsTr("Sign out")
                    onClicked: technician.signOut()
                }
            }

            GridLayout {
                Layout.fillWidth: true
                columns: screen.wide ? 3 : 1
                columnSpacing: theme.spacing
                rowSpacing: theme.spacing

                ColumnLayout {
                    Layout.fillWidth: true
                    Layout.alignment: Qt.AlignTop
                    Layout.preferredWidth: 1
                    spacing: theme.spacing
                    TechnicianPanel {
                        objectName: "technicianTerminalPanel"
                        Layout.fillWidth: true
                        title: qsTr("Terminal")
                        icon: "devices"
                        TechnicianLine { label: qsTr("Terminal id"); value: screen.ready ? st.terminalId : "…" }
                        TechnicianLine { label: qsTr("Location"); value: screen.ready ? st.location : "…" }
                        TechnicianLine {
                            objectName: "technicianVersion"
                            label: qsTr("Version"); value: screen.ready ? st.version : "…"
                        }
                        TechnicianLine { label: qsTr("Running for"); value: screen.ready ? st.uptime : "…" }
                    }
                    TechnicianPanel {
                        objectName: "technicianHubPanel"
                        Layout.fillWidth: true
                        title: qsTr("City data hub")
                        icon: "server"
                        TechnicianLine { label: qsTr("Address"); value: screen.ready ? st.hub.host : "…" }
                        TechnicianLine {
                            label: qsTr("Enrolled")
                            value: screen.ready ? screen.yesNo(st.hub.enrolled) : "…"
                            valueColour: screen.ready && !st.hub.enrolled ? theme.colors.danger
                                                                           : theme.colors.text
                        }
                        TechnicianLine {
                            objectName: "technicianHubReachable"
                            label: qsTr("Answers")
                            value: !screen.ready ? "…" : st.hub.reachable
                                   ? qsTr("yes, in %1").arg(st.hub.latency)
                                   : qsTr("no (%1)").arg(st.hub.problem)
                            valueColour: screen.ready && !st.hub.reachable ? theme.colors.danger
                                                                            : theme.colors.text
                        }
                        TechnicianLine {
                            visible: screen.ready && st.hub.clockWarning !== ""
                            label: qsTr("Clock")
                            value: screen.ready ? st.hub.clockWarning : ""
                            valueColour: theme.colors.danger
                        }
                    }
                    TechnicianPanel {
                        objectName: "technicianQueuePanel"
                        Layout.fillWidth: true
                        title: qsTr("Submissions queue")
                        icon: "list-details"
                        TechnicianLine {
                            objectName: "technicianQueuePending"
                            label: qsTr("Waiting to send"); value: screen.ready ? st.queue.pending : "…"
                        }
                        TechnicianLine { label: qsTr("Oldest waiting"); value: screen.ready ? st.queue.oldest : "…" }
                        TechnicianLine {
                            label: qsTr("Need attention")
                            value: screen.ready ? st.queue.attention : "…"
                            valueColour: screen.ready && st.queue.attention > 0 ? theme.colors.danger
                                                                                 : theme.colors.text
                        }
                        TechnicianLine { label: qsTr("Sent"); value: screen.ready ? st.queue.sent : "…" }
                    }
                }

                ColumnLayout {
                    Layout.fillWidth: true
                    Layout.alignment: Qt.AlignTop
                    Layout.preferredWidth: 1
                    spacing: theme.spacing
                    TechnicianPanel {
                        objectName: "technicianDevicesPanel"
                        Layout.fillWidth: true
                        title: qsTr("Devices")
                        icon: "devices"
                        Repeater {
                            model: screen.ready ? st.devices : []
                            RowLayout {
                                objectName: "technicianDevice_" + modelData.name
                                Layout.fillWidth: true
                                spacing: theme.spacing / 2
                                Rectangle {
                                    Layout.preferredWidth: theme.smallSize * 0.8
                                    Layout.preferredHeight: width
                                    radius: width / 2
                                    color: screen.stateColour(modelData.state)
                                }
                                ColumnLayout {
                                    Layout.fillWidth: true
                                    spacing: 0
                                    KText {
                                        Layout.fillWidth: true
                                        font.pixelSize: theme.smallSize
                                        font.bold: true
                                        text: screen.deviceLabel(modelData.name)
                                              + (modelData.required ? " " + qsTr("(required)") : "")
                                    }
                                    KText {
                                        objectName: "technicianDeviceState_" + modelData.name
                                        Layout.fillWidth: true
                                        font.pixelSize: theme.smallSize
                                        muted: true
                                        text: screen.stateWord(modelData.state) + " · "
                                              + modelData.driver + " · " + modelData.status
                                    }
                                }
                            }
                        }
                    }
                    TechnicianPanel {
                        objectName: "technicianProblemsPanel"
                        Layout.fillWidth: true
                        title: qsTr("Last problems")
                        icon: "alert-triangle"
                        KText {
                            visible: screen.ready && st.problems.length === 0
                            Layout.fillWidth: true
                            font.pixelSize: theme.smallSize
                            muted: true
                            text: qsTr("No warnings or errors since the kiosk started.")
                        }
                        Repeater {
                            model: screen.ready ? st.problems : []
                            ColumnLayout {
                                objectName: "technicianProblem" + index
                                Layout.fillWidth: true
                                spacing: 0
                                KText {
                                    Layout.fillWidth: true
                                    font.pixelSize: theme.smallSize
                                    font.bold: true
                                    color: modelData.level === "warning" ? theme.colors.text : theme.colors.danger
                                    text: modelData.time + "  " + modelData.name
                                }
                                KText {
                                    Layout.fillWidth: true
                                    visible: modelData.fields !== ""
                                    font.pixelSize: theme.smallSize
                                    muted: true
                                    wrapMode: Text.WrapAnywhere
                                    text: modelData.fields
                                }
                            }
                        }
                    }
                }

                ColumnLayout {
                    Layout.fillWidth: true
                    Layout.alignment: Qt.AlignTop
                    Layout.preferredWidth: 1
                    spacing: theme.spacing
                    TechnicianPanel {
                        objectName: "technicianChecksPanel"
                        Layout.fillWidth: true
                        title: qsTr("Checks")
                        icon: "check"
                        KButton {
                            objectName: "technicianPrintButton"
                            Layout.fillWidth: true
                            kind: "secondary"
                            enabled: !technician.busy
                            text: qsTr("Print a test receipt")
                            onClicked: technician.runCheck("test_receipt")
                        }
                        KButton {
                            objectName: "technicianCardReadButton"
                            Layout.fillWidth: true
                            kind: "secondary"
                            enabled: !technician.busy
                            text: qsTr("Read a card")
                            onClicked: technician.runCheck("card_read")
                        }
                        KButton {
                            objectName: "technicianCameraButton"
                            Layout.fillWidth: true
                            kind: "secondary"
                            enabled: !technician.busy
                            text: qsTr("Check the camera")
                            onClicked: technician.runCheck("camera")
                        }
                        Rectangle {
                            objectName: "technicianResult"
                            Layout.fillWidth: true
                            visible: technician.resultText.length > 0 || technician.busy
                            implicitHeight: resultText.implicitHeight + 2 * theme.spacing
                            radius: theme.radius
                            color: technician.resultOutcome === "passed" ? theme.colors.badgeCard
                                                                          : theme.colors.warning
                            KText {
                                id: resultText
                                objectName: "technicianResultText"
                                anchors.fill: parent
                                anchors.margins: theme.spacing
                                font.pixelSize: theme.smallSize
                                text: technician.busy ? qsTr("Working…") : technician.resultText
                            }
                        }
                    }
                    LeaveKioskPanel {
                        Layout.fillWidth: true
                    }
                }
            }
        }
    }
}
