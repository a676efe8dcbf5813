import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// The resident's appointments, made at any terminal, soonest first; cancel one not needed.
Item {
    id: screen
    objectName: "myAppointmentsScreen"
    readonly property bool en: journey.locale === "en_US"
    readonly property int perPage: theme.elder ? 2 : 4
    property int page: 0
    readonly property var all: journey.myAppointments
    readonly property int pages: Math.max(1, Math.ceil(all.length / perPage))

    ColumnLayout {
        anchors.fill: parent
        spacing: theme.spacing
        RowLayout {
            Layout.fillWidth: true
            spacing: theme.spacing
            KTitle {
                objectName: "myAppointmentsTitle"
                Layout.fillWidth: true
                text: qsTr("My appointments")
            }
            KButton {
                objectName: "myAppointmentsBackButton"
                kind: "secondary"
                text: qsTr("Back")
                onClicked: journey.back()
            }
        }
        MessageBanner { }
        Repeater {
            model: screen.all.slice(screen.page * screen.perPage, (screen.page + 1) * screen.perPage)
            Rectangle {
                id: card
                required property var modelData
                required property int index
                objectName: "appointment_" + index
                Layout.fillWidth: true
                implicitHeight: row.implicitHeight + 2 * theme.spacing
                radius: theme.radius
                color: modelData.status === "cancelled" ? theme.colors.surfaceAlt : theme.colors.surface
                RowLayout {
                    id: row
                    anchors.fill: parent
                    anchors.margins: theme.spacing
                    spacing: theme.spacing
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 2
                        KText {
                            Layout.fillWidth: true
                            font.bold: true
                            text: card.modelData.when + " · "
                                  + (screen.en ? card.modelData.service_name_en : card.modelData.service_name_zh)
                        }
                        KText {
                            Layout.fillWidth: true
                            text: (screen.en ? card.modelData.point_name_en : card.modelData.point_name_zh)
                                  + " · " + qsTr("Code %1").arg(card.modelData.code)
                        }
                        KText {
                            Layout.fillWidth: true
                            visible: card.modelData.status === "cancelled"
                            muted: true
                            text: qsTr("Cancelled")
                        }
                    }
                    KButton {
                        objectName: "cancelAppointment_" + card.index
                        visible: card.modelData.status === "booked"
                        kind: "danger"
                        enabled: !journey.busy
                        text: qsTr("Cancel")
                        onClicked: journey.cancelAppointment(card.modelData.id)
                    }
                }
            }
        }
        Item { Layout.fillHeight: true }
        RowLayout {
            Layout.fillWidth: true
            visible: screen.pages > 1
            spacing: theme.spacing
            KButton {
                objectName: "appointmentsPrev"
                kind: "secondary"
                enabled: screen.page > 0
                text: qsTr("Previous page")
                onClicked: screen.page -= 1
            }
            KText {
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                text: qsTr("Page %1 of %2").arg(screen.page + 1).arg(screen.pages)
            }
            KButton {
                objectName: "appointmentsNext"
                kind: "secondary"
                enabled: screen.page + 1 < screen.pages
                text: qsTr("Next page")
                onClicked: screen.page += 1
            }
        }
    }
}
