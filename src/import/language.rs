//! Which language a page's text is in, from its characters alone: Hangul means Korean, kana
//! Japanese; Chinese text is Simplified or Traditional by the characters the two scripts write
//! differently (`这`/`這`, `国`/`國`). Pure: no I/O.

/// Common characters written one way in Simplified and another in Traditional Chinese, as
/// (simplified, traditional) pairs. Only pairs whose simplified form is not also an ordinary
/// Traditional character are listed (not `后`/`後`, `里`/`裡`, `台`/`臺`, `干`/`乾`), so a
/// character from either column is evidence of its script.
const PAIRS: &[(char, char)] = &[
    ('这', '這'),
    ('们', '們'),
    ('来', '來'),
    ('时', '時'),
    ('个', '個'),
    ('说', '說'),
    ('国', '國'),
    ('会', '會'),
    ('对', '對'),
    ('发', '發'),
    ('经', '經'),
    ('过', '過'),
    ('动', '動'),
    ('还', '還'),
    ('进', '進'),
    ('现', '現'),
    ('实', '實'),
    ('长', '長'),
    ('开', '開'),
    ('关', '關'),
    ('问', '問'),
    ('义', '義'),
    ('见', '見'),
    ('听', '聽'),
    ('样', '樣'),
    ('机', '機'),
    ('点', '點'),
    ('从', '從'),
    ('两', '兩'),
    ('认', '認'),
    ('头', '頭'),
    ('话', '話'),
    ('东', '東'),
    ('车', '車'),
    ('门', '門'),
    ('边', '邊'),
    ('书', '書'),
    ('马', '馬'),
    ('鸟', '鳥'),
    ('鱼', '魚'),
    ('报', '報'),
    ('记', '記'),
    ('电', '電'),
    ('讯', '訊'),
    ('区', '區'),
    ('县', '縣'),
    ('乡', '鄉'),
    ('镇', '鎮'),
    ('业', '業'),
    ('农', '農'),
    ('产', '產'),
    ('学', '學'),
    ('设', '設'),
    ('计', '計'),
    ('项', '項'),
    ('员', '員'),
    ('场', '場'),
    ('广', '廣'),
    ('应', '應'),
    ('万', '萬'),
    ('亿', '億'),
    ('岁', '歲'),
    ('华', '華'),
    ('气', '氣'),
    ('节', '節'),
    ('单', '單'),
    ('级', '級'),
    ('统', '統'),
    ('务', '務'),
    ('体', '體'),
    ('处', '處'),
    ('总', '總'),
    ('让', '讓'),
    ('为', '為'),
    ('与', '與'),
    ('将', '將'),
    ('无', '無'),
    ('观', '觀'),
    ('欢', '歡'),
    ('数', '數'),
    ('据', '據'),
    ('医', '醫'),
    ('药', '藥'),
    ('际', '際'),
    ('论', '論'),
    ('预', '預'),
    ('线', '線'),
    ('网', '網'),
    ('办', '辦'),
    ('费', '費'),
    ('价', '價'),
    ('钱', '錢'),
    ('银', '銀'),
    ('铁', '鐵'),
    ('园', '園'),
    ('图', '圖'),
    ('馆', '館'),
    ('饭', '飯'),
    ('视', '視'),
    ('览', '覽'),
    ('环', '環'),
    ('护', '護'),
    ('营', '營'),
    ('养', '養'),
    ('闻', '聞'),
    ('间', '間'),
    ('热', '熱'),
    ('灯', '燈'),
    ('轻', '輕'),
    ('运', '運'),
    ('选', '選'),
    ('种', '種'),
];

/// The language of `text` as a BCP 47 tag (`ko`, `ja`, `zh-Hant`, `zh-Hans`), and the count of
/// characters that decided it; `None` when the text has no CJK evidence at all.
pub fn detect(text: &str) -> Option<(&'static str, usize)> {
    let (mut hangul, mut kana, mut simplified, mut traditional, mut han) = (0, 0, 0, 0, 0);
    for c in text.chars() {
        match c as u32 {
            0xAC00..=0xD7A3 | 0x1100..=0x11FF | 0x3130..=0x318F => hangul += 1,
            // Hiragana and katakana, but not the prolonged sound mark or middle dot that
            // Chinese text borrows.
            0x3041..=0x3096 | 0x30A1..=0x30FA => kana += 1,
            _ => {}
        }
        if crate::script::is_cjk_letter(c) {
            han += 1;
        }
        for &(s, t) in PAIRS {
            if c == s {
                simplified += 1;
            } else if c == t {
                traditional += 1;
            }
        }
    }
    // A few Hangul or kana may be quoted in Chinese text; a script of its own has many.
    let cjk = han.max(1);
    if hangul * 10 >= cjk && hangul >= 2 {
        return Some(("ko", hangul));
    }
    if kana * 10 >= cjk + kana && kana >= 2 {
        return Some(("ja", kana));
    }
    if traditional > simplified {
        Some(("zh-Hant", traditional))
    } else if simplified > 0 {
        Some(("zh-Hans", simplified))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_scripts_are_told_apart_by_the_characters_that_differ() {
        assert_eq!(
            detect("本报讯 记者从市教育局获悉，这是今年的第一场。")
                .unwrap()
                .0,
            "zh-Hans"
        );
        assert_eq!(
            detect("本報訊 記者從市教育局獲悉，這是今年的第一場。")
                .unwrap()
                .0,
            "zh-Hant"
        );
        // Characters both scripts share decide nothing.
        assert_eq!(detect("天上白云"), None);
        // A Simplified text quoting one Traditional name stays Simplified.
        assert_eq!(
            detect("这家名为“臺灣書店”的小店，开在这条街上已经三十年了。")
                .unwrap()
                .0,
            "zh-Hans"
        );
    }

    #[test]
    fn kana_means_japanese_and_hangul_korean() {
        assert_eq!(
            detect("東京都は五日、新しい図書館を開館した。").unwrap().0,
            "ja"
        );
        assert_eq!(detect("서울시는 5일 새 도서관을 열었다.").unwrap().0, "ko");
        // Mixed Korean with hanja is still Korean.
        assert_eq!(detect("大韓民國 서울특별시 시청 앞 광장").unwrap().0, "ko");
        // One katakana word in a Chinese article is a quotation.
        assert_eq!(detect("这家名叫“ラーメン”的面馆，开在老街的拐角处，开业以来生意一直很好，每天中午来吃面的人都要排很长的队。").unwrap().0, "zh-Hans");
    }

    #[test]
    fn text_without_cjk_has_no_verdict() {
        assert_eq!(detect("Hello, world."), None);
        assert_eq!(detect(""), None);
    }
}
