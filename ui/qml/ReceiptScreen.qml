import QtQuick
import QtQuick.Layouts

// Receipt: sent or queued, the tracking code, printing status, on-screen QR if printing failed.
Item {
    id: screen
    objectName: "receiptScreen"
    readonly property bool portrait: width < height
    readonly property var r: journey.receipt
    readonly property bool queued: r.status === "queued"
    readonly property bool en: journey.locale === "en_US"

    ColumnLayout {
        anchors.fill: parent
        spacing: theme.spacing
        Steps { Layout.fillWidth: true; current: 4; objectName: "receiptSteps" }
        // Across the whole width: in landscape elder mode a half-width title takes two lines
        // the receipt below needs.
        KTitle {
            objectName: "receiptTitle"
            Layout.fillWidth: true
            text: screen.queued ? qsTr("Saved. It will be sent when the network is back")
                                : qsTr("Your application has been sent")
        }
        GridLayout {
            Layout.fillWidth: true
            columns: screen.portrait ? 1 : 2
            columnSpacing: theme.spacing * 3
            rowSpacing: theme.spacing
            ColumnLayout {
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                spacing: theme.spacing
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
                    // Elder mode's huge size would break the code over two lines.
                    font.pixelSize: theme.elder ? theme.titleSize : theme.hugeSize
                    font.bold: true
                    color: theme.colors.text
                    wrapMode: Text.WrapAnywhere
                }
                // Where the result comes from and by when, and whom to call.
                DetailLine {
                    objectName: "receiptResult"
                    visible: text !== ""
                    iconName: screen.r.result_mode === "mail" ? "truck-delivery"
                              : screen.r.result_mode === "pickup" ? "building" : "printer"
                    text: screen.r.result_mode === "mail" && screen.r.mail_to
                          ? qsTr("Posted to %1 by %2").arg(screen.r.mail_to).arg(screen.r.expected_by)
                          : screen.r.result_mode === "pickup" && screen.r.pickup_name_zh
                          ? qsTr("Collect at %1 (%2), %3, from %4")
                              .arg(screen.en ? screen.r.pickup_name_en : screen.r.pickup_name_zh)
                              .arg(screen.en ? screen.r.pickup_address_en : screen.r.pickup_address_zh)
                              .arg(screen.en ? screen.r.pickup_hours_en : screen.r.pickup_hours_zh)
                              .arg(screen.r.expected_by)
                          : ""
                }
                DetailLine {
                    objectName: "receiptHotline"
                    visible: !!screen.r.hotline
                    iconName: "phone-call"
                    text: qsTr("Questions: call %1").arg(screen.r.hotline || "")
                }
                KText {
                    objectName: "printStatus"
                    Layout.fillWidth: true
                    // The printer's own message already says why and to scan the on-screen QR.
                    text: screen.r.printed ? qsTr("Please take your printed receipt.")
                          : (screen.r.printFailureText
                             || qsTr("The receipt could not be printed. Photograph this QR code instead."))
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
                    source: visible ? screen.r.qrSource : ""
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
        // The spare height goes below the receipt, not above it (a grid that fills the
        // height shares it out between its rows and leaves a gap under the steps).
        Item { Layout.fillHeight: true }
    }
}
