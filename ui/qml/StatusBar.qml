import QtQuick
import QtQuick.Layouts

// Online/offline, queue, time and terminal id; language, elder mode and call staff on every screen.
Rectangle {
    id: bar
    color: theme.colors.statusBar
    // The status on the left, the three buttons on the right; when they do not fit side by
    // side (portrait elder mode in English, or the dev dock open beside the bar), the buttons
    // move to their own row(s) below the status instead of running off the edge.
    // On the technician screens only the language switch stays: elder mode and calling
    // staff are for residents.
    readonly property bool residentButtons: technician.state === "closed"
    readonly property real buttonsWidth: languageButton.implicitWidth
                                         + (residentButtons ? elderButton.implicitWidth
                                            + callStaffButton.implicitWidth + 2 * theme.spacing : 0)
    readonly property bool stacked: info.implicitWidth + buttonsWidth + 3 * theme.spacing > width
    implicitHeight: stacked ? info.implicitHeight + buttons.height + 1.5 * theme.spacing
                            : Math.max(info.implicitHeight, buttons.height) + theme.spacing
    height: implicitHeight

    // The technician screen's hidden entry: holding the bar (anywhere but its buttons, which
    // lie above this area) for three seconds. Python opens it only when no resident is
    // being served.
    MouseArea {
        objectName: "technicianEntry"
        anchors.fill: parent
        pressAndHoldInterval: 3000
        onPressAndHold: technician.openSignIn()
    }

    RowLayout {
        id: info
        objectName: "statusInfo"
        x: theme.spacing
        y: bar.stacked ? theme.spacing / 2 : (bar.height - height) / 2
        width: bar.width - 2 * theme.spacing - (bar.stacked ? 0 : bar.buttonsWidth + theme.spacing)
        spacing: theme.spacing

        Rectangle {
            objectName: "onlineDot"
            Layout.preferredWidth: theme.bodySize * 0.6
            Layout.preferredHeight: theme.bodySize * 0.6
            radius: width / 2
            color: devices.hubOnline && journey.online ? "#3CCB6B" : "#F2B233"
        }
        Text {
            objectName: "onlineText"
            text: devices.hubOnline && journey.online ? qsTr("Online") : qsTr("Offline")
            color: theme.colors.onStatusBar
            font.family: theme.fontFamily
            font.pixelSize: theme.smallSize
        }
        Text {
            objectName: "pendingText"
            visible: devices.pending > 0
            text: qsTr("%n waiting to send", "", devices.pending)
            color: theme.colors.onStatusBar
            font.family: theme.fontFamily
            font.pixelSize: theme.smallSize
        }
        Text {
            objectName: "clockText"
            text: journey.clockText
            color: theme.colors.onStatusBar
            font.family: theme.fontFamily
            font.pixelSize: theme.smallSize
        }
        Text {
            objectName: "terminalText"
            text: devices.terminalId
            color: theme.colors.onStatusBar
            font.family: theme.fontFamily
            font.pixelSize: theme.smallSize
        }
        Item { Layout.fillWidth: true }
    }

    Flow {
        id: buttons
        objectName: "statusButtons"
        x: bar.stacked ? theme.spacing : bar.width - theme.spacing - width
        y: bar.stacked ? info.y + info.implicitHeight + theme.spacing / 2 : theme.spacing / 2
        width: bar.stacked ? bar.width - 2 * theme.spacing : bar.buttonsWidth
        spacing: theme.spacing

        KButton {
            id: languageButton
            objectName: "languageButton"
            kind: "secondary"
            // The language name is shown in its own language so anyone can find it.
            text: journey.locale === "zh_CN" ? qsTr("English") : qsTr("中文")
            implicitHeight: theme.touchMin
            onClicked: journey.setLocale(journey.locale === "zh_CN" ? "en_US" : "zh_CN")
        }
        KButton {
            id: elderButton
            objectName: "elderButton"
            visible: bar.residentButtons
            kind: "secondary"
            text: journey.elderMode ? qsTr("Standard mode") : qsTr("Elder mode")
            implicitHeight: theme.touchMin
            onClicked: journey.setElderMode(!journey.elderMode)
        }
        KButton {
            id: callStaffButton
            objectName: "callStaffButton"
            visible: bar.residentButtons
            kind: "danger"
            text: qsTr("Call staff")
            implicitHeight: theme.touchMin
            onClicked: journey.callStaff()
        }
    }
}
