import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// Service catalog: categories, search (Chinese, English, pinyin initials), most used first.
Item {
    id: screen
    objectName: "servicesScreen"
    readonly property bool portrait: width < height
    readonly property bool en: journey.locale === "en_US"
    readonly property int perPage: screen.portrait ? (theme.elder ? 5 : 10) : theme.pageSize
    property int page: 0
    readonly property int pages: Math.max(1, Math.ceil(journey.services.length / perPage))
    readonly property var shown: journey.services.slice(page * perPage, (page + 1) * perPage)

    Connections {
        target: journey
        function onServicesChanged() { screen.page = 0 }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: theme.spacing * 1.5
        // Landscape: title, search and back on one row, to leave room for the tiles.
        GridLayout {
            Layout.fillWidth: true
            columns: screen.portrait ? 2 : 3
            columnSpacing: theme.spacing * 2
            rowSpacing: theme.spacing
            KTitle {
                objectName: "servicesTitle"
                Layout.row: 0
                Layout.column: 0
                Layout.fillWidth: screen.portrait
                text: journey.step === "browse" ? qsTr("Browse services") : qsTr("Choose a service")
            }
            KButton {
                objectName: "servicesBackButton"
                Layout.row: 0
                Layout.column: screen.portrait ? 1 : 2
                kind: "secondary"
                text: journey.step === "browse" ? qsTr("Home") : qsTr("Back")
                onClicked: journey.back()
            }
            TextField {
                id: searchField
                objectName: "serviceSearch"
                Layout.row: screen.portrait ? 1 : 0
                Layout.column: screen.portrait ? 0 : 1
                Layout.columnSpan: screen.portrait ? 2 : 1
                Layout.fillWidth: true
                Layout.preferredHeight: theme.buttonHeight
                font.family: theme.fontFamily
                font.pixelSize: theme.bodySize
                placeholderText: qsTr("Search: 居住证, residence, or initials like jzz")
                placeholderTextColor: theme.colors.textMuted
                color: theme.colors.text
                inputMethodHints: Qt.ImhNoPredictiveText
                text: journey.searchText
                onTextEdited: journey.setSearch(text)
                background: Rectangle {
                    radius: theme.radius
                    color: theme.colors.surface
                    border.width: searchField.activeFocus ? 3 : 1
                    border.color: searchField.activeFocus ? theme.colors.primary : theme.colors.textMuted
                }
            }
        }
        MessageBanner { }
        Flow {
            objectName: "categoryRow"
            Layout.fillWidth: true
            spacing: theme.spacing
            visible: !theme.elder  // elder mode: fewer items per screen, search and pages only
            KButton {
                objectName: "category_all"
                kind: journey.category === "" ? "primary" : "secondary"
                text: qsTr("All")
                implicitHeight: theme.touchMin
                onClicked: journey.setCategory("")
            }
            Repeater {
                model: journey.categories
                KButton {
                    required property var modelData
                    objectName: "category_" + modelData.id
                    kind: journey.category === modelData.id ? "primary" : "secondary"
                    text: screen.en ? modelData.name_en : modelData.name_zh
                    implicitHeight: theme.touchMin
                    onClicked: journey.setCategory(modelData.id)
                }
            }
        }
        GridLayout {
            id: grid
            objectName: "serviceGrid"
            Layout.fillWidth: true
            Layout.fillHeight: true
            columns: screen.portrait ? (theme.elder ? 1 : 2) : (theme.elder ? 2 : 4)
            rowSpacing: theme.spacing
            columnSpacing: theme.spacing
            Repeater {
                model: screen.shown
                KButton {
                    required property var modelData
                    objectName: "service_" + modelData.id
                    kind: "secondary"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    // Shrinks (down to the touch minimum) when long category rows leave less room.
                    Layout.fillHeight: true
                    Layout.minimumHeight: theme.touchMin
                    Layout.maximumHeight: theme.buttonHeight * (theme.elder ? 1.1 : 1.6)
                    Layout.preferredHeight: Layout.maximumHeight
                    Layout.alignment: Qt.AlignTop
                    text: (screen.en ? modelData.name_en : modelData.name_zh)
                          + (modelData.kiosk_completable ? "" : "\n" + qsTr("(at the service hall)"))
                    onClicked: journey.chooseService(modelData.id)
                }
            }
        }
        KText {
            objectName: "noServices"
            visible: journey.services.length === 0
            Layout.fillWidth: true
            text: qsTr("Nothing found. Try other words or ask staff.")
        }
        RowLayout {
            Layout.fillWidth: true
            visible: screen.pages > 1
            spacing: theme.spacing * 2
            KButton {
                objectName: "servicesPrev"
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
                objectName: "servicesNext"
                kind: "secondary"
                enabled: screen.page + 1 < screen.pages
                text: qsTr("Next page")
                onClicked: screen.page += 1
            }
        }
    }
}
