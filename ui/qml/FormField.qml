import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// One form field: label, where the value came from, the input, and its validation message.
ColumnLayout {
    id: field
    required property string name
    required property string labelZh
    required property string labelEn
    required property string widget
    required property bool required
    required property var value
    required property string source
    required property string errorText
    required property var options
    required property string helpZh
    required property string helpEn
    required property var display
    required property bool locked
    // A personal value shown masked (ID number, name, phone, address) until tapped;
    // clearOnEdit: the city's value is never shown whole, editing starts from empty.
    required property bool masked
    required property bool clearOnEdit
    property bool editing: false
    // Where a typed value goes: the application form, or the postal-delivery form.
    property string target: "form"
    // The whole field, and the box typed in (shown first when the whole field does not fit).
    signal focused(Item item, Item editor)
    readonly property bool en: journey.locale === "en_US"
    readonly property bool isText: ["text", "phone", "id_number", "number", "date"].indexOf(widget) >= 0
    spacing: theme.spacing / 2

    function commit(v) {
        if (field.locked)
            return
        if (v === field.value)
            return
        if (field.target === "delivery")
            journey.setDeliveryField(field.name, String(v))
        else
            journey.setField(field.name, v)
    }

    // What a text box shows: masked unless the resident is typing in it.
    function shownText() {
        if (field.locked || (field.masked && !field.editing))
            return field.display
        if (field.clearOnEdit && field.editing)
            return ""
        return field.value
    }

    function startEdit() {
        if (field.masked && !field.locked)
            field.editing = true
    }

    // Typing done (Enter or focus gone): the masked text itself is never sent back.
    function finishEdit(v) {
        if (field.masked && !field.editing)
            return
        field.editing = false
        if (field.clearOnEdit && v === "")
            return
        field.commit(v)
    }

    RowLayout {
        Layout.fillWidth: true
        spacing: theme.spacing
        KText {
            objectName: "fieldLabel_" + field.name
            Layout.fillWidth: true
            text: (field.en ? field.labelEn : field.labelZh) + (field.required ? " *" : "")
            font.bold: true
        }
        Rectangle {
            objectName: "fieldSource_" + field.name
            visible: field.source === "card" || field.source === "hub"
            color: field.source === "card" ? theme.colors.badgeCard : theme.colors.badgeHub
            radius: theme.radius
            implicitWidth: badge.implicitWidth + theme.spacing * 2
            implicitHeight: badge.implicitHeight + theme.spacing / 2
            Text {
                id: badge
                anchors.centerIn: parent
                text: field.source === "card" ? qsTr("From your card") : qsTr("From city records")
                font.family: theme.fontFamily
                font.pixelSize: theme.smallSize
                color: field.source === "card" ? theme.colors.onBadgeCard : theme.colors.onBadgeHub
            }
        }
    }

    TextField {
        id: input
        objectName: "field_" + field.name
        visible: field.isText
        Layout.fillWidth: true
        Layout.preferredHeight: visible ? theme.buttonHeight : 0
        // Values read off the card are shown masked and cannot be edited.
        text: field.isText ? field.shownText() : ""
        readOnly: field.locked
        // No cut/copy/paste menu on a long press or right click: a kiosk has no clipboard to offer.
        ContextMenu.menu: null
        font.family: theme.fontFamily
        font.pixelSize: theme.bodySize
        color: theme.colors.text
        placeholderText: field.widget === "date" ? qsTr("YYYY-MM-DD") : ""
        placeholderTextColor: theme.colors.textMuted
        // Each hint picks a keyboard layout: the dial pad for phones, digits for counts, digits
        // and "-" for dates. No digits-only layout has the X an ID number may end in, so an ID
        // number opens on the page of digits (Latin only, so the letters page types a plain X).
        inputMethodHints: field.widget === "phone" ? Qt.ImhDialableCharactersOnly | Qt.ImhNoPredictiveText
                        : field.widget === "number" ? Qt.ImhDigitsOnly
                        : field.widget === "id_number" ? Qt.ImhPreferNumbers | Qt.ImhLatinOnly | Qt.ImhPreferUppercase
                                                         | Qt.ImhNoPredictiveText | Qt.ImhNoAutoUppercase
                        : field.widget === "date" ? Qt.ImhFormattedNumbersOnly | Qt.ImhDate
                        : Qt.ImhNone
        onEditingFinished: field.finishEdit(text)
        // losing focus also ends an edit with editingFinished: one commit per edit
        onActiveFocusChanged: {
            if (activeFocus) {
                field.startEdit()
                field.focused(field, input)
            }
        }
        background: Rectangle {
            radius: theme.radius
            color: theme.colors.surface
            border.width: input.activeFocus || field.errorText ? 3 : 1
            border.color: field.errorText ? theme.colors.error
                          : input.activeFocus ? theme.colors.primary : theme.colors.textMuted
        }
    }

    TextArea {
        id: area
        objectName: "field_" + field.name
        visible: field.widget === "textarea"
        Layout.fillWidth: true
        Layout.preferredHeight: visible ? theme.buttonHeight * 2 : 0
        text: field.widget === "textarea" ? field.shownText() : ""
        readOnly: field.locked
        ContextMenu.menu: null
        font.family: theme.fontFamily
        font.pixelSize: theme.bodySize
        color: theme.colors.text
        wrapMode: TextEdit.Wrap
        onEditingFinished: field.finishEdit(text)
        // losing focus also ends an edit with editingFinished: one commit per edit
        onActiveFocusChanged: {
            if (activeFocus) {
                field.startEdit()
                field.focused(field, area)
            }
        }
        background: Rectangle {
            radius: theme.radius
            color: theme.colors.surface
            border.width: area.activeFocus || field.errorText ? 3 : 1
            border.color: field.errorText ? theme.colors.error
                          : area.activeFocus ? theme.colors.primary : theme.colors.textMuted
        }
    }

    Flow {
        visible: field.widget === "select"
        Layout.fillWidth: true
        spacing: theme.spacing
        Repeater {
            model: field.widget === "select" ? field.options : []
            KButton {
                required property var modelData
                objectName: "field_" + field.name + "_" + modelData.value
                kind: field.value === modelData.value ? "primary" : "secondary"
                text: field.en ? modelData.label_en : modelData.label_zh
                onClicked: field.commit(modelData.value)
            }
        }
    }

    CheckBox {
        id: check
        objectName: "field_" + field.name
        visible: field.widget === "checkbox"
        Layout.preferredHeight: visible ? theme.touchMin : 0
        checked: field.widget === "checkbox" && field.value === true
        font.family: theme.fontFamily
        font.pixelSize: theme.bodySize
        text: field.en ? field.helpEn : field.helpZh
        indicator.width: theme.touchMin * 0.8
        indicator.height: theme.touchMin * 0.8
        onToggled: field.commit(checked)
    }

    KText {
        objectName: "fieldHelp_" + field.name
        visible: field.widget !== "checkbox" && (field.en ? field.helpEn : field.helpZh).length > 0
        Layout.fillWidth: true
        muted: true
        text: field.en ? field.helpEn : field.helpZh
    }

    KText {
        objectName: "fieldError_" + field.name
        visible: field.errorText.length > 0
        Layout.fillWidth: true
        color: theme.colors.error
        text: field.errorText
    }
}
