import QtQuick
import QtQuick.Layouts

// Receipt: sent or queued, the tracking code, printing status, on-screen QR if printing failed.
Item {
    id: screen
    objectName: "receiptScreen"
    readonly property bool portrait: width < height
    readonly property var r: journey.receipt
    readonly property bool queued: r.status === "queued"

    function qrId(url) {
        return "qr/" + Qt.btoa(url).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: theme.spacing
        Steps { Layout.fillWidth: true; current: 4; objectName: "receiptSteps" }
        GridLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            columns: screen.portrait ? 1 : 2
            columnSpacing: theme.spacing * 3
            rowSpacing: theme.spacing
            ColumnLayout {
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                spacing: theme.spacing
                KTitle {
                    objectName: "receiptTitle"
                    Layout.fillWidth: true
                    text: screen.queued ? qsTr("Saved. It will be sent when the network is back")
                                        : qsTr("Your application has been sent")
                }
                KText {
                    objectName: "receiptStatus"
                    Layout.fillWidth: true
                    text: screen.queued ? qsTr("Your receipt is valid. You do not need to come back.")
                                        : qsTr("You will get a text message when there is news.")
                }
                KText {
                    Layout.fillWidth: true
                    text: qsTr("Tracking code")
                    muted: true
                }
                Text {
                    objectName: "trackingCode"
                    Layout.fillWidth: true
                    text: screen.r.tracking_display || ""
                    font.family: theme.fontFamily
                    font.pixelSize: theme.hugeSize
                    font.bold: true
                    color: theme.colors.text
                    wrapMode: Text.WrapAnywhere
                }
                KText {
                    objectName: "printStatus"
                    Layout.fillWidth: true
                    text: screen.r.printed ? qsTr("Please take your printed receipt.")
                          : qsTr("The receipt could not be printed. Photograph this QR code instead.")
                          + (screen.r.printFailureText ? " " + screen.r.printFailureText : "")
                }
            }
            ColumnLayout {
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                spacing: theme.spacing * 1.5
                Image {
                    objectName: "receiptQr"
                    visible: screen.r.printed === false && (screen.r.tracking_url || "") !== ""
                    Layout.alignment: Qt.AlignHCenter
                    Layout.preferredWidth: Math.min(theme.elder ? 360 : 440, screen.portrait ? screen.width : screen.width / 2)
                    Layout.preferredHeight: Layout.preferredWidth
                    fillMode: Image.PreserveAspectFit
                    smooth: false
                    source: visible ? "image://kiosk/" + screen.qrId(screen.r.tracking_url) : ""
                }
                Rectangle {
                    objectName: "takeCardReminder"
                    visible: screen.r.take_card === true
                    Layout.fillWidth: true
                    implicitHeight: reminder.implicitHeight + 2 * theme.spacing
                    radius: theme.radius
                    color: theme.colors.warning
                    KText {
                        id: reminder
                        anchors.fill: parent
                        anchors.margins: theme.spacing
                        color: theme.colors.onWarning
                        text: qsTr("Remember to take your ID card.")
                    }
                }
                KButton {
                    objectName: "finishButton"
                    Layout.fillWidth: true
                    text: qsTr("Finish")
                    onClicked: journey.finish()
                }
            }
        }
    }
}
