import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// The booking, confirmed: where, when, the code and its QR for the hall, and the slip.
Item {
    id: screen
    objectName: "appointmentBookedScreen"
    readonly property bool portrait: width < height
    readonly property bool en: journey.locale === "en_US"
    readonly property var booked: journey.appointmentBooked
    readonly property var a: booked.appointment || ({})

    Flickable {
        id: page
        anchors.fill: parent
        contentHeight: Math.max(height, grid.implicitHeight)
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: KScrollBar { id: pageScroll }
    GridLayout {
        id: grid
        width: page.width - pageScroll.gutter
        height: page.contentHeight
        columns: screen.portrait ? 1 : 2
        columnSpacing: theme.spacing * 3
        rowSpacing: theme.spacing * 2
        ColumnLayout {
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignTop
            spacing: theme.spacing
            KTitle {
                objectName: "bookedTitle"
                Layout.fillWidth: true
                text: qsTr("Your appointment is booked")
            }
            MessageBanner { }
            DetailLine {
                iconName: "building"
                text: ((screen.en ? screen.a.point_name_en : screen.a.point_name_zh) || "") + "\n"
                      + ((screen.en ? screen.a.address_en : screen.a.address_zh) || "")
            }
            DetailLine {
                iconName: "calendar-event"
                text: screen.a.when || ""
            }
            DetailLine {
                iconName: "file-description"
                text: (screen.en ? screen.a.service_name_en : screen.a.service_name_zh) || ""
            }
            KText {
                Layout.fillWidth: true
                muted: true
                text: qsTr("Please arrive 10 minutes early with your ID card and materials.")
            }
            Item { Layout.fillHeight: true }
            RowLayout {
                Layout.fillWidth: true
                spacing: theme.spacing
                KButton {
                    objectName: "bookedMineButton"
                    Layout.fillWidth: true
                    kind: "secondary"
                    text: qsTr("My appointments")
                    onClicked: journey.showMyAppointments()
                }
                KButton {
                    objectName: "bookedDoneButton"
                    Layout.fillWidth: true
                    text: qsTr("Done")
                    onClicked: journey.finish()
                }
            }
        }
        Rectangle {
            Layout.alignment: Qt.AlignTop | Qt.AlignHCenter
            implicitWidth: codeColumn.implicitWidth + 4 * theme.spacing
            implicitHeight: codeColumn.implicitHeight + 4 * theme.spacing
            radius: theme.radius
            color: theme.colors.surface
            ColumnLayout {
                id: codeColumn
                anchors.centerIn: parent
                spacing: theme.spacing
                KText {
                    Layout.alignment: Qt.AlignHCenter
                    text: qsTr("Appointment code")
                    muted: true
                }
                Text {
                    objectName: "bookedCode"
                    Layout.alignment: Qt.AlignHCenter
                    text: screen.a.code || ""
                    font.family: theme.fontFamily
                    font.pixelSize: theme.hugeSize
                    font.bold: true
                    color: theme.colors.text
                }
                Image {
                    objectName: "bookedQr"
                    Layout.alignment: Qt.AlignHCenter
                    visible: source != ""
                    source: screen.booked.qrSource || ""
                    sourceSize.width: theme.elder && screen.portrait ? 220 : 260
                    sourceSize.height: theme.elder && screen.portrait ? 220 : 260
                    smooth: false
                }
                KText {
                    Layout.alignment: Qt.AlignHCenter
                    Layout.maximumWidth: theme.elder ? 420 : 360
                    horizontalAlignment: Text.AlignHCenter
                    muted: true
                    text: qsTr("Show this code at the hall")
                }
            }
        }
    }
    }
}
