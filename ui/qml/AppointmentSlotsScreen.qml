import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// Book a visit: the hall and the service, the days the hall opens, the chosen day's
// half hours with the places left, then "Book" (a card or e-ID is asked for first when
// nobody is identified). Booking needs the network; offline the screen says so.
Item {
    id: screen
    objectName: "appointmentSlotsScreen"
    readonly property bool portrait: width < height
    readonly property bool en: journey.locale === "en_US"
    readonly property var b: journey.appointmentSlots
    readonly property var point: b.point || ({})
    readonly property int dayCount: theme.elder ? 4 : (screen.portrait ? 6 : 7)
    // Elder mode's larger buttons: fewer times at once, still on one screen.
    readonly property int slotCount: theme.elder ? (screen.portrait ? 6 : 3) : 12
    property int slotPage: 0
    readonly property int slotPages: Math.max(1, Math.ceil((b.slots || []).length / slotCount))

    Connections {
        target: journey
        function onAppointmentSlotsChanged() {
            if (screen.slotPage >= screen.slotPages)
                screen.slotPage = 0
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: theme.spacing
        RowLayout {
            Layout.fillWidth: true
            spacing: theme.spacing
            KTitle {
                objectName: "slotsTitle"
                Layout.fillWidth: true
                text: qsTr("Book an appointment")
            }
            KButton {
                objectName: "slotsBackButton"
                kind: "secondary"
                text: qsTr("Back")
                onClicked: journey.back()
            }
        }
        KText {
            objectName: "slotsWhat"
            Layout.fillWidth: true
            text: ((screen.en ? (screen.b.service || {}).name_en : (screen.b.service || {}).name_zh) || "")
                  + " · " + ((screen.en ? screen.point.name_en : screen.point.name_zh) || "")
        }
        KText {
            Layout.fillWidth: true
            muted: true
            text: ((screen.en ? screen.point.address_en : screen.point.address_zh) || "") + " · "
                  + qsTr("%1 min walk").arg(screen.point.walking_minutes)
        }
        MessageBanner { }
        Rectangle {
            objectName: "slotsOffline"
            visible: screen.b.online === false
            Layout.fillWidth: true
            implicitHeight: offline.implicitHeight + 2 * theme.spacing
            radius: theme.radius
            color: theme.colors.warning
            KText {
                id: offline
                anchors.fill: parent
                anchors.margins: theme.spacing
                color: theme.colors.onWarning
                text: qsTr("Booking needs the network, which is down. Try again later, or ask staff.")
            }
        }
        KText { text: qsTr("Day"); font.bold: true }
        GridLayout {
            objectName: "slotDays"
            Layout.fillWidth: true
            columns: theme.elder ? (screen.portrait ? 2 : 4) : (screen.portrait ? 3 : 7)
            columnSpacing: theme.spacing / 2
            rowSpacing: theme.spacing / 2
            Repeater {
                model: (screen.b.days || []).slice(0, screen.dayCount)
                KButton {
                    required property var modelData
                    objectName: "slotDay_" + modelData.date
                    Layout.fillWidth: true
                    kind: modelData.date === screen.b.day ? "primary" : "secondary"
                    text: modelData.text
                    onClicked: journey.chooseSlotDay(modelData.date)
                }
            }
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: theme.spacing
            KText { Layout.fillWidth: true; text: qsTr("Time"); font.bold: true }
            KButton {
                objectName: "slotsEarlier"
                visible: screen.slotPages > 1
                enabled: screen.slotPage > 0
                kind: "secondary"
                text: qsTr("Earlier")
                onClicked: screen.slotPage -= 1
            }
            KButton {
                objectName: "slotsLater"
                visible: screen.slotPages > 1
                enabled: screen.slotPage + 1 < screen.slotPages
                kind: "secondary"
                text: qsTr("Later")
                onClicked: screen.slotPage += 1
            }
        }
        GridLayout {
            objectName: "slotTimes"
            Layout.fillWidth: true
            columns: theme.elder ? (screen.portrait ? 2 : 3) : (screen.portrait ? 3 : 4)
            columnSpacing: theme.spacing / 2
            rowSpacing: theme.spacing / 2
            Repeater {
                model: (screen.b.slots || []).slice(screen.slotPage * screen.slotCount,
                                                    (screen.slotPage + 1) * screen.slotCount)
                KButton {
                    required property var modelData
                    objectName: "slot_" + (screen.slotPage * screen.slotCount + index)
                    required property int index
                    Layout.fillWidth: true
                    enabled: modelData.available > 0
                    kind: modelData.start === screen.b.chosen ? "primary" : "secondary"
                    text: modelData.text + "\n" + (modelData.available > 0
                          ? qsTr("%n place(s) left", "", modelData.available) : qsTr("Full"))
                    onClicked: journey.chooseSlot(modelData.start)
                }
            }
        }
        KText {
            objectName: "slotsNone"
            visible: (screen.b.slots || []).length === 0 && screen.b.online !== false
            Layout.fillWidth: true
            text: qsTr("No free time on this day. Choose another day.")
        }
        Item { Layout.fillHeight: true }
        RowLayout {
            Layout.fillWidth: true
            spacing: theme.spacing
            KText {
                objectName: "slotsChosen"
                Layout.fillWidth: true
                font.bold: true
                text: screen.b.chosen ? qsTr("Your choice: %1").arg(screen.b.chosen_text) : qsTr("Choose a time")
            }
            KButton {
                objectName: "bookButton"
                enabled: !!screen.b.chosen && screen.b.online !== false && !journey.busy
                text: screen.b.needs_identity ? qsTr("Identify and book") : qsTr("Book")
                onClicked: journey.bookAppointment()
            }
        }
    }
}
