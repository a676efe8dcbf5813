"""Code tables the ID-card text block refers to: nations and countries.

Resident cards carry a two-digit GB/T 3304 nation (民族) code; foreign
permanent-residence cards carry the holder's country, as an ISO 3166-1
alpha-3 code on the 2017 card and as the ISO 3166-1 numeric code (GB/T 2659)
on the 2023 card. The country table covers the common ones; an unknown code is
passed through unchanged so a rare nationality never blocks a resident.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Named:
    """A code with its Chinese and English display names."""

    code: str
    zh: str
    en: str


_NATIONS_RAW = (
    ("01", "汉族", "Han"), ("02", "蒙古族", "Mongol"), ("03", "回族", "Hui"),
    ("04", "藏族", "Tibetan"), ("05", "维吾尔族", "Uyghur"), ("06", "苗族", "Miao"),
    ("07", "彝族", "Yi"), ("08", "壮族", "Zhuang"), ("09", "布依族", "Bouyei"),
    ("10", "朝鲜族", "Korean"), ("11", "满族", "Manchu"), ("12", "侗族", "Dong"),
    ("13", "瑶族", "Yao"), ("14", "白族", "Bai"), ("15", "土家族", "Tujia"),
    ("16", "哈尼族", "Hani"), ("17", "哈萨克族", "Kazak"), ("18", "傣族", "Dai"),
    ("19", "黎族", "Li"), ("20", "傈僳族", "Lisu"), ("21", "佤族", "Va"),
    ("22", "畲族", "She"), ("23", "高山族", "Gaoshan"), ("24", "拉祜族", "Lahu"),
    ("25", "水族", "Sui"), ("26", "东乡族", "Dongxiang"), ("27", "纳西族", "Naxi"),
    ("28", "景颇族", "Jingpo"), ("29", "柯尔克孜族", "Kirgiz"), ("30", "土族", "Tu"),
    ("31", "达斡尔族", "Daur"), ("32", "仫佬族", "Mulao"), ("33", "羌族", "Qiang"),
    ("34", "布朗族", "Blang"), ("35", "撒拉族", "Salar"), ("36", "毛南族", "Maonan"),
    ("37", "仡佬族", "Gelao"), ("38", "锡伯族", "Xibe"), ("39", "阿昌族", "Achang"),
    ("40", "普米族", "Pumi"), ("41", "塔吉克族", "Tajik"), ("42", "怒族", "Nu"),
    ("43", "乌孜别克族", "Uzbek"), ("44", "俄罗斯族", "Russian"), ("45", "鄂温克族", "Ewenki"),
    ("46", "德昂族", "Deang"), ("47", "保安族", "Bonan"), ("48", "裕固族", "Yugur"),
    ("49", "京族", "Gin"), ("50", "塔塔尔族", "Tatar"), ("51", "独龙族", "Derung"),
    ("52", "鄂伦春族", "Oroqen"), ("53", "赫哲族", "Hezhen"), ("54", "门巴族", "Monba"),
    ("55", "珞巴族", "Lhoba"), ("56", "基诺族", "Jino"),
    ("97", "其他", "Other"), ("98", "外国血统中国籍人士", "Naturalised citizen of foreign origin"),
)

#: GB/T 3304 nation code → names (01–56, 97 other, 98 naturalised of foreign origin).
NATIONS: dict[str, Named] = {code: Named(code, zh, en) for code, zh, en in _NATIONS_RAW}

# (alpha-3, numeric, zh, en) for the nationalities a neighbourhood counter meets most.
_COUNTRIES_RAW = (
    ("AFG", "004", "阿富汗", "Afghanistan"), ("ARG", "032", "阿根廷", "Argentina"),
    ("AUS", "036", "澳大利亚", "Australia"), ("AUT", "040", "奥地利", "Austria"),
    ("BGD", "050", "孟加拉国", "Bangladesh"), ("BEL", "056", "比利时", "Belgium"),
    ("BRA", "076", "巴西", "Brazil"), ("MMR", "104", "缅甸", "Myanmar"),
    ("KHM", "116", "柬埔寨", "Cambodia"), ("CAN", "124", "加拿大", "Canada"),
    ("LKA", "144", "斯里兰卡", "Sri Lanka"), ("CHL", "152", "智利", "Chile"),
    ("COL", "170", "哥伦比亚", "Colombia"), ("CUB", "192", "古巴", "Cuba"),
    ("CZE", "203", "捷克", "Czechia"), ("DNK", "208", "丹麦", "Denmark"),
    ("ETH", "231", "埃塞俄比亚", "Ethiopia"), ("FIN", "246", "芬兰", "Finland"),
    ("FRA", "250", "法国", "France"), ("DEU", "276", "德国", "Germany"),
    ("GRC", "300", "希腊", "Greece"), ("HUN", "348", "匈牙利", "Hungary"),
    ("IND", "356", "印度", "India"), ("IDN", "360", "印度尼西亚", "Indonesia"),
    ("IRN", "364", "伊朗", "Iran"), ("IRL", "372", "爱尔兰", "Ireland"),
    ("ISR", "376", "以色列", "Israel"), ("ITA", "380", "意大利", "Italy"),
    ("JPN", "392", "日本", "Japan"), ("KAZ", "398", "哈萨克斯坦", "Kazakhstan"),
    ("KEN", "404", "肯尼亚", "Kenya"),
    ("PRK", "408", "朝鲜", "Democratic People's Republic of Korea"),
    ("KOR", "410", "韩国", "Republic of Korea"), ("KGZ", "417", "吉尔吉斯斯坦", "Kyrgyzstan"),
    ("LAO", "418", "老挝", "Lao People's Democratic Republic"),
    ("MYS", "458", "马来西亚", "Malaysia"),
    ("MEX", "484", "墨西哥", "Mexico"), ("MNG", "496", "蒙古国", "Mongolia"),
    ("MAR", "504", "摩洛哥", "Morocco"), ("NPL", "524", "尼泊尔", "Nepal"),
    ("NLD", "528", "荷兰", "Netherlands"), ("NZL", "554", "新西兰", "New Zealand"),
    ("NGA", "566", "尼日利亚", "Nigeria"), ("NOR", "578", "挪威", "Norway"),
    ("PAK", "586", "巴基斯坦", "Pakistan"), ("PER", "604", "秘鲁", "Peru"),
    ("PHL", "608", "菲律宾", "Philippines"), ("POL", "616", "波兰", "Poland"),
    ("PRT", "620", "葡萄牙", "Portugal"), ("RUS", "643", "俄罗斯", "Russian Federation"),
    ("SAU", "682", "沙特阿拉伯", "Saudi Arabia"), ("SGP", "702", "新加坡", "Singapore"),
    ("VNM", "704", "越南", "Viet Nam"), ("ZAF", "710", "南非", "South Africa"),
    ("ESP", "724", "西班牙", "Spain"), ("SWE", "752", "瑞典", "Sweden"),
    ("CHE", "756", "瑞士", "Switzerland"), ("THA", "764", "泰国", "Thailand"),
    ("ARE", "784", "阿拉伯联合酋长国", "United Arab Emirates"), ("TUR", "792", "土耳其", "Türkiye"),
    ("UKR", "804", "乌克兰", "Ukraine"), ("EGY", "818", "埃及", "Egypt"),
    ("GBR", "826", "英国", "United Kingdom"), ("USA", "840", "美国", "United States"),
    ("UZB", "860", "乌兹别克斯坦", "Uzbekistan"),
)

#: ISO 3166-1 alpha-3 → names.
COUNTRIES: dict[str, Named] = {a3: Named(a3, zh, en) for a3, _, zh, en in _COUNTRIES_RAW}
#: ISO 3166-1 numeric (as on the 2023 card) → alpha-3.
NUMERIC_TO_ALPHA3: dict[str, str] = {num: a3 for a3, num, _, _ in _COUNTRIES_RAW}
#: ISO 3166-1 alpha-3 → numeric, for encoding a 2023 card.
ALPHA3_TO_NUMERIC: dict[str, str] = {a3: num for a3, num, _, _ in _COUNTRIES_RAW}


def nation(code: str) -> Named | None:
    """The nation named by a GB/T 3304 code, ``None`` if the code is not in the standard."""
    return NATIONS.get(code)


def country(code: str) -> Named | None:
    """The country for an alpha-3 or numeric ISO 3166-1 code, ``None`` if not in the table."""
    return COUNTRIES.get(NUMERIC_TO_ALPHA3.get(code, code))
