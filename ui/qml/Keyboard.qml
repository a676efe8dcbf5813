import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings

// The on-screen keyboard: pinyin, English and digits; slides up from the bottom.
InputPanel {
    id: panel
    objectName: "inputPanel"
    property int windowHeight: 1080
    y: active ? windowHeight - height : windowHeight
    property string kioskLocale: "zh_CN"
    Component.onCompleted: {
        VirtualKeyboardSettings.activeLocales = ["zh_CN", "en_US"]
        VirtualKeyboardSettings.locale = kioskLocale
    }
    onKioskLocaleChanged: VirtualKeyboardSettings.locale = kioskLocale
}
