import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// Track a case: type the receipt's tracking code or hold its QR to the camera; see where it is.
Item {
    id: screen
    objectName: "trackCaseScreen"
    readonly property bool portrait: width < height
    readonly property bool en: journey.locale === "en_US"
    readonly property var c: journey.caseInfo
    readonly property bool found: c.status !== undefined
    // Newest first; the hub lists a case's history oldest first.
    readonly property var history: found && c.history ? c.history.slice().reverse().slice(0, theme.elder ? 2 : 4) : []

    function statusText(status) {
        switch (status) {
        case "received": return qsTr("Received")
        case "accepted": return qsTr("Accepted, under review")
        case "ready": return qsTr("Result ready")
        case "completed": return qsTr("Completed")
        case "rejected": return qsTr("Not accepted")
        default: return status || ""
        }
    }

    function lookUp() {
        if (codeField.text.trim() !== "") {
            codeField.focus = false
            journey.trackCase(codeField.text)
        }
    }

    GridLayout {
        anchors.fill: parent
        columns: screen.portrait ? 1 : 2
        columnSpacing: theme.spacing * 3
        rowSpacing: theme.spacing * 2

        ColumnLayout {
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.alignment: Qt.AlignTop
            spacing: theme.spacing * 1.5
            RowLayout {
                Layout.fillWidth: true
                spacing: theme.spacing * 2
                KTitle {
                    objectName: "trackTitle"
                    Layout.fillWidth: true
                    text: qsTr("Track a case")
                }
                KButton {
                    objectName: "trackBackButton"
                    kind: "secondary"
                    text: qsTr("Back")
                    onClicked: journey.back()
                }
            }
            KText {
                objectName: "trackHint"
                Layout.fillWidth: true
                text: qsTr("Type the tracking code printed on your receipt, or hold the receipt's QR code up to the camera.")
            }
            // Field and button on one row: with the on-screen keyboard up, both stay in view.
            RowLayout {
                Layout.fillWidth: true
                spacing: theme.spacing
                TextField {
                    id: codeField
                    objectName: "trackCodeField"
                    Layout.fillWidth: true
                    Layout.minimumWidth: theme.touchMin * 3
                    Layout.preferredHeight: theme.buttonHeight
                    font.family: theme.fontFamily
                    font.pixelSize: theme.headingSize
                    placeholderText: qsTr("e.g. K7Q4-M2X9-TB1C-R")
                    placeholderTextColor: theme.colors.textMuted
                    color: theme.colors.text
                    // Codes are Latin letters and digits: no pinyin, no word guesses.
                    inputMethodHints: Qt.ImhUppercaseOnly | Qt.ImhLatinOnly | Qt.ImhNoPredictiveText
                    maximumLength: 24
                    onAccepted: screen.lookUp()
                    background: Rectangle {
                        radius: theme.radius
                        color: theme.colors.surface
                        border.width: codeField.activeFocus ? 3 : 1
                        border.color: codeField.activeFocus ? theme.colors.primary : theme.colors.textMuted
                    }
                }
                KButton {
                    objectName: "trackLookupButton"
                    text: qsTr("Look up")
                    enabled: codeField.text.trim() !== "" && !journey.busy
                    onClicked: screen.lookUp()
                }
            }
            MessageBanner { }
        }

        Rectangle {
            objectName: "caseResult"
            visible: screen.found
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.alignment: Qt.AlignTop
            implicitHeight: result.implicitHeight + 2 * theme.spacing * 1.5
            radius: theme.radius
            color: theme.colors.surface
            ColumnLayout {
                id: result
                anchors.fill: parent
                anchors.margins: theme.spacing * 1.5
                spacing: theme.spacing
                KText {
                    Layout.fillWidth: true
                    muted: true
                    text: qsTr("Tracking code")
                }
                Text {
                    objectName: "caseCode"
                    Layout.fillWidth: true
                    text: screen.c.tracking_display || ""
                    font.family: theme.fontFamily
                    font.pixelSize: theme.headingSize
                    font.bold: true
                    color: theme.colors.text
                    wrapMode: Text.WrapAnywhere
                }
                KText {
                    objectName: "caseService"
                    Layout.fillWidth: true
                    visible: text !== ""
                    text: (screen.en ? screen.c.service_name_en : screen.c.service_name_zh) || ""
                }
                Rectangle {
                    Layout.fillWidth: true
                    implicitHeight: statusLine.implicitHeight + 2 * theme.spacing
                    radius: theme.radius
                    color: screen.c.status === "rejected" ? theme.colors.warning : theme.colors.badgeCard
                    KText {
                        id: statusLine
                        objectName: "caseStatus"
                        anchors.fill: parent
                        anchors.margins: theme.spacing
                        verticalAlignment: Text.AlignVCenter
                        font.pixelSize: theme.headingSize
                        font.bold: true
                        color: screen.c.status === "rejected" ? theme.colors.onWarning : theme.colors.onBadgeCard
                        text: qsTr("Status: %1").arg(screen.statusText(screen.c.status))
                    }
                }
                KText {
                    objectName: "caseUpdated"
                    Layout.fillWidth: true
                    muted: true
                    visible: (screen.c.updated_text || "") !== ""
                    text: qsTr("Last update: %1").arg(screen.c.updated_text || "")
                }
                Repeater {
                    model: screen.history
                    KText {
                        required property var modelData
                        required property int index
                        objectName: "caseEvent_" + index
                        Layout.fillWidth: true
                        text: modelData.at_text + "  " + (screen.en ? modelData.note_en : modelData.note_zh)
                    }
                }
            }
        }
        // Keeps both columns at the top, whatever the height left over.
        Item {
            Layout.fillHeight: true
            Layout.columnSpan: screen.portrait ? 1 : 2
        }
    }
}
