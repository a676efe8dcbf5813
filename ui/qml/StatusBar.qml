import QtQuick
import QtQuick.Layouts

// Online/offline, queue, time and terminal id; language, elder mode and call staff on every screen.
Rectangle {
    id: bar
    color: theme.colors.statusBar
    implicitHeight: row.implicitHeight + theme.spacing
    height: implicitHeight

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: theme.spacing
        anchors.rightMargin: theme.spacing
        spacing: theme.spacing

        Rectangle {
            objectName: "onlineDot"
            width: theme.bodySize * 0.6
            height: width
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
            visible: !theme.elder || bar.width > 1200
            text: journey.clockText
            color: theme.colors.onStatusBar
            font.family: theme.fontFamily
            font.pixelSize: theme.smallSize
        }
        Text {
            objectName: "terminalText"
            visible: !theme.elder && bar.width > 1200
            text: devices.terminalId
            color: theme.colors.onStatusBar
            font.family: theme.fontFamily
            font.pixelSize: theme.smallSize
        }
        Item { Layout.fillWidth: true }
        KButton {
            objectName: "languageButton"
            kind: "secondary"
            // The language name is shown in its own language so anyone can find it.
            text: journey.locale === "zh_CN" ? qsTr("English") : qsTr("中文")
            implicitHeight: theme.touchMin
            onClicked: journey.setLocale(journey.locale === "zh_CN" ? "en_US" : "zh_CN")
        }
        KButton {
            objectName: "elderButton"
            kind: "secondary"
            text: journey.elderMode ? qsTr("Standard mode") : qsTr("Elder mode")
            implicitHeight: theme.touchMin
            onClicked: journey.setElderMode(!journey.elderMode)
        }
        KButton {
            objectName: "callStaffButton"
            kind: "danger"
            text: qsTr("Call staff")
            implicitHeight: theme.touchMin
            onClicked: journey.callStaff()
        }
    }
}
