import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// How the result reaches the resident (on the review screen): the ways the hub allows, the
// hall to collect it at, or the postal address (prefilled, masked, editable) for express mail.
ColumnLayout {
    id: choice
    objectName: "deliveryChoice"
    readonly property bool en: journey.locale === "en_US"
    readonly property var d: journey.delivery
    visible: (d.options || []).length > 0
    spacing: theme.spacing / 2

    function modeText(mode) {
        switch (mode) {
        case "on_the_spot": return qsTr("Printed here and now")
        case "pickup": return qsTr("Collect at a service hall")
        case "mail": return qsTr("Posted to you (express mail)")
        default: return mode
        }
    }

    KText {
        Layout.fillWidth: true
        font.bold: true
        text: qsTr("How do you want the result?")
    }
    Flow {
        objectName: "deliveryOptions"
        Layout.fillWidth: true
        spacing: theme.spacing / 2
        Repeater {
            model: choice.d.options || []
            IconTile {
                required property var modelData
                objectName: "delivery_" + modelData.mode
                horizontal: true
                selected: modelData.mode === choice.d.mode
                iconName: modelData.mode === "on_the_spot" ? "printer" : modelData.mode === "mail" ? "truck-delivery" : "building"
                text: choice.modeText(modelData.mode) + (modelData.fee_text ? " · " + modelData.fee_text : "")
                onClicked: journey.chooseDelivery(modelData.mode, modelData.mode === "pickup" ? (choice.d.pickup_point_id || "") : "")
            }
        }
    }
    KText {
        objectName: "deliveryExpected"
        Layout.fillWidth: true
        muted: true
        text: choice.d.mode === "on_the_spot" ? qsTr("You take the result with you today.")
              : qsTr("Expected by %1").arg(choice.d.expected_by || "")
    }
    Flow {
        objectName: "deliveryHalls"
        visible: choice.d.mode === "pickup"
        Layout.fillWidth: true
        spacing: theme.spacing / 2
        Repeater {
            model: (choice.d.pickup_points || []).slice(0, 3)
            KButton {
                required property var modelData
                objectName: "pickup_" + modelData.id
                kind: modelData.id === choice.d.pickup_point_id ? "primary" : "secondary"
                text: (choice.en ? modelData.name_en : modelData.name_zh) + " · " + qsTr("%1 min walk").arg(modelData.walking_minutes)
                onClicked: journey.chooseDelivery("pickup", modelData.id)
            }
        }
    }
    Repeater {
        objectName: "deliveryMailFields"
        model: choice.d.mode === "mail" ? (choice.d.mail_fields || []) : []
        FormField {
            required property var modelData
            Layout.fillWidth: true
            target: "delivery"
            name: modelData.name
            labelZh: modelData.labelZh
            labelEn: modelData.labelEn
            widget: modelData.widget
            required: modelData.required
            value: modelData.value
            source: modelData.source
            errorText: modelData.errorText
            options: modelData.options
            helpZh: modelData.helpZh
            helpEn: modelData.helpEn
            display: modelData.display
            locked: modelData.locked
            masked: modelData.masked
            clearOnEdit: modelData.clearOnEdit
        }
    }
}
