import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings
import QtQuick.VirtualKeyboard.Styles

// The on-screen keyboard: pinyin and English; digits layouts for number fields.
// Main.qml places it (below the window until a text field takes focus).
InputPanel {
    id: panel
    objectName: "inputPanel"
    property string kioskLocale: "zh_CN"
    Component.onCompleted: {
        VirtualKeyboardSettings.activeLocales = ["zh_CN", "en_US"]
        VirtualKeyboardSettings.locale = kioskLocale
    }
    onKioskLocaleChanged: VirtualKeyboardSettings.locale = kioskLocale

    // A field that prefers numbers opens on the page of digits every time it takes focus (the
    // keyboard itself only does so when the hint changes, not from one such field to the next).
    function applyHints() {
        if ((InputContext.inputMethodHints & Qt.ImhPreferNumbers) && InputContext.inputItem)
            panel.keyboard.symbolMode = true
        keepLatin()
    }
    // A Latin-only field (an ID number's X) gets plain letters even on the pinyin keyboard:
    // the keyboard prefers its number page there and then falls back to the pinyin mode.
    function keepLatin() {
        var engine = InputContext.inputEngine
        if ((InputContext.inputMethodHints & Qt.ImhLatinOnly)
                && engine.inputMode !== InputEngine.InputMode.Latin
                && engine.inputModes.indexOf(InputEngine.InputMode.Latin) >= 0)
            engine.inputMode = InputEngine.InputMode.Latin
    }
    Connections {
        target: InputContext
        function onInputMethodHintsChanged() { Qt.callLater(panel.applyHints) }
        function onInputItemChanged() { Qt.callLater(panel.applyHints) }
    }
    Connections {
        target: InputContext.inputEngine
        function onInputModeChanged() { Qt.callLater(panel.keepLatin) }
        function onInputMethodChanged() { Qt.callLater(panel.keepLatin) }
    }

    // Qt's default style scales the pinyin candidate bar with the panel: about 40 px tall with
    // 20 px characters at a kiosk panel's width. Residents pick their words there, so the bar
    // gets the kiosk's touch size and body text.
    Binding {
        target: panel.keyboard.style
        when: panel.keyboard.style !== null
        property: "selectionListHeight"
        value: theme.touchMin
    }
    Binding {
        target: panel.keyboard.style
        when: panel.keyboard.style !== null
        property: "selectionListDelegate"
        value: candidateDelegate
    }
    Binding {
        target: panel.keyboard.style
        when: panel.keyboard.style !== null
        property: "selectionListBackground"
        value: candidateBackground
    }
    Component {
        id: candidateBackground
        Rectangle { color: theme.colors.keyboard }
    }
    Component {
        id: candidateDelegate
        SelectionListItem {
            id: candidate
            width: Math.max(theme.touchMin, word.implicitWidth + theme.spacing * 2)
            Text {
                id: word
                anchors.centerIn: parent
                text: model.display
                font.family: theme.fontFamily
                font.pixelSize: theme.bodySize
                color: candidate.ListView.isCurrentItem ? theme.colors.keyboardHighlight : theme.colors.onKeyboard
            }
        }
    }
}
