//! The marks papers put on an article, in the conventions of Chinese, Japanese and Korean
//! papers: the dateline that opens the first paragraph (`本报乌海1月2日电（记者 郝飚）`,
//! `【ワシントン＝山田太郎】`, `[서울=연합뉴스] 김민수 기자 =`), the byline on a line of its own
//! (`□本报记者 刘向平`, `記者 林美華／高雄報導`, `이지은 기자`) and the photo credit that ends a
//! caption (`本报记者 王雅静 摄`). The scripts do not overlap, so one page's text is read with
//! every language's patterns at once and the language need not be known first. Pure: no I/O.

use std::sync::LazyLock;

use regex::Regex;

/// Chinese datelines: `本报乌海1月2日电`, `本报讯`, `新华社北京1月2日电`, `本報台北3日訊`,
/// `【本报讯】`: the agency, an optional place and date, and 电/讯.
static ZH_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[【\[]?((?:本报|本報|新华社|新華社|中新社|中新网|中新網|中央社|人民网|人民網|央视网|央視網|法新社|路透社|美联社|美聯社|共同社)(\p{Han}{0,6}?)(?:(?:\d{1,2}月)?\d{1,2}日)?(?:电|讯|電|訊))[】\]]?",
    )
    .expect("dateline pattern")
});

/// The Central News Agency's dateline, which names its reporter, often in parentheses:
/// `（中央社記者林志豪彰化3日電）`, kept whole as it is printed.
static CNA_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[（(]?(中央社記者\p{Han}{2,10}?\d{1,2}日電)[）)]?").expect("CNA dateline pattern")
});

/// Japanese datelines: `【横浜＝山田太郎】` (place and reporter), `【ワシントン＝共同】` (place
/// and agency), `【高松】` (place alone, before Japanese text): kept whole with their brackets,
/// as they are printed.
static JA_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(【[\p{Han}\p{Katakana}ー・A-Za-zＡ-Ｚａ-ｚ]{1,12}([＝=][^】＝=\s]{1,16})?】)")
        .expect("Japanese dateline pattern")
});

/// Korean datelines: `[서울=연합뉴스]`, `(서울=뉴스1)`: place and agency in brackets.
static KO_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([\[(（［]\p{Hangul}{1,10}\s*[=＝]\s*[\p{Hangul}A-Za-z0-9]{1,12}[\])）］])")
        .expect("Korean dateline pattern")
});

/// The byline in parentheses right after a Chinese dateline: `（记者 郝飚）`.
static LEAD_BYLINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*[（(]([^）)]{1,40})[）)]").expect("lead byline pattern"));

/// A Korean reporter's name and title after the dateline, closed by `=`: `김민수 기자 =`.
static KO_LEAD_BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^\s*({KO_REPORTERS})\s*[=＝]")).expect("Korean lead byline pattern")
});

/// Korean reporters: names of two to four Hangul syllables, several joined by `·` or `,`, and
/// the title after them (`김민수 기자`, `김민수·이지은 기자`, `박철 특파원`).
const KO_REPORTERS: &str = r"\p{Hangul}{2,4}(?:\s*[·,]\s*\p{Hangul}{2,4})*\s*(?:기자|특파원|통신원|선임기자|객원기자|논설위원)";

/// A Chinese reporter's role before a name in a byline, with its optional agency and rank.
const ZH_ROLE: &str = r"(?:本报|本報|新华社|新華社)?(?:特约|特約|见习|見習|首席)?(?:记者|記者|通讯员|通訊員|实习生|實習生|特派员|特派員)";

/// A Chinese byline: roles and names (`本报记者 张三 通讯员 李四`, `文/图 本报记者 吴海波`,
/// `記者 林美華、鄭志偉／綜合報導`). Names are two to four characters (longer ones are joined by
/// `·`), so `记者从市教育局获悉` is not a byline.
static ZH_BYLINE: LazyLock<String> = LazyLock::new(|| {
    let name = r"(?:\p{Han}{2,4}|\p{Han}{1,6}(?:·\p{Han}{1,6})+)";
    format!(
        r"(?:(?:文|[图圖])\s*[/／]\s*(?:[图圖文]\s*)?)?(?:{ZH_ROLE}\s*{name}(?:\s*[、，,\s]\s*{name})*\s*)+(?:[/／]\s*\p{{Han}}{{2,6}}(?:报道|報導|电|電))?"
    )
});

/// A byline on a line of its own, after the paper's mark if it has one: `□本报记者 刘向平`,
/// `記者 林美華／高雄報導`; Korean `이지은 기자`, `글·사진 이지은 기자`, with an e-mail address
/// after it.
static BYLINE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^[□■◇◆●○◎]?\s*(?:({zh})|((?:(?:글·사진|사진·글|글|사진)\s+)?{KO_REPORTERS})(?:\s+[\w.+-]+@[\w.-]+)?)$",
        zh = *ZH_BYLINE
    ))
    .expect("byline pattern")
});

/// A byline in brackets opening the first paragraph, with no dateline:
/// `〔記者 蔡宗憲／嘉義報導〕`, `（记者 张三）`.
static BRACKETED_BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^[〔［\[（(【]\s*({zh})\s*[〕］\]）)】]",
        zh = *ZH_BYLINE
    ))
    .expect("bracketed byline pattern")
});

/// A reporter's role inside a Chinese byline, for [`normalize_byline`].
static ROLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(ZH_ROLE).expect("role pattern"));

/// A photo credit at the end of a caption: `本报记者 王雅静 摄`, `新华社发`, `张三/摄`,
/// `花蓮縣政府提供`; Japanese `佐藤花子撮影`, `共同`; Korean `부산시 제공`, `사진=연합뉴스`.
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[（(]?([^。！？（）()]{1,30}?(?:摄|攝|摄影|攝影|撮影|供图|供圖|提供|供稿|发|發|제공|촬영)|사진\s*=\s*\S{1,20})[）)]?$",
    )
    .expect("credit pattern")
});

/// A dateline opening `text`: the dateline as it is to be stored (Chinese without brackets or
/// spaces, Japanese and Korean with their brackets) and the byte offset where it ends.
pub fn dateline(text: &str) -> Option<(String, usize)> {
    let whole = |m: regex::Captures| (m[1].to_string(), m.get(0).expect("whole match").end());
    if let Some(m) = CNA_DATELINE.captures(text) {
        return Some(whole(m));
    }
    if let Some(m) = ZH_DATELINE.captures(text) {
        let dateline = m[1].chars().filter(|c| !c.is_whitespace()).collect();
        return Some((dateline, m.get(0).expect("whole match").end()));
    }
    if let Some(m) = JA_DATELINE.captures(text) {
        // A place alone in brackets is a dateline only before Japanese text (Chinese papers
        // bracket notes: `【编者按】`).
        let end = m.get(0).expect("whole match").end();
        let japanese = text[end..]
            .chars()
            .take(12)
            .any(|c| matches!(c, 'ぁ'..='ゖ'));
        return (m.get(2).is_some() || japanese).then(|| whole(m));
    }
    KO_DATELINE.captures(text).map(whole)
}

/// Whether `text` opens with a dateline that starts an article: not a reporter's byline that
/// happens to name a place and 电 (`本报记者…电`).
fn starts_with_dateline(text: &str) -> bool {
    dateline(text).is_some_and(|(d, _)| {
        CNA_DATELINE.is_match(&d) || (!d.contains("记者") && !d.contains("記者"))
    })
}

/// Whether `text` opens with a lead that starts an article: a dateline
/// ([`starts_with_dateline`]) or a byline in brackets (`〔記者 蔡宗憲／嘉義報導〕`).
pub fn starts_with_lead(text: &str) -> bool {
    starts_with_dateline(text) || BRACKETED_BYLINE.is_match(text)
}

/// Splits the dateline and the byline that follows it (or a bracketed byline alone) off a
/// first paragraph: the dateline,
/// the byline, and the paragraph's own text.
pub fn split_lead(paragraph: &str) -> (Option<String>, Option<String>, String) {
    let Some((dateline, end)) = dateline(paragraph) else {
        if let Some(b) = BRACKETED_BYLINE.captures(paragraph) {
            let after = &paragraph[b.get(0).expect("whole match").end()..];
            return (
                None,
                Some(normalize_byline(&b[1])),
                after.trim().to_string(),
            );
        }
        return (None, None, paragraph.to_string());
    };
    let rest = &paragraph[end..];
    let byline = LEAD_BYLINE
        .captures(rest)
        .or_else(|| KO_LEAD_BYLINE.captures(rest));
    match byline {
        Some(b) => {
            let after = &rest[b.get(0).expect("whole match").end()..];
            (
                Some(dateline),
                Some(normalize_byline(&b[1])),
                after.trim().to_string(),
            )
        }
        None => (Some(dateline), None, rest.trim().to_string()),
    }
}

/// A byline at the start of text read as one stream (no line ends), where its end is marked:
/// `記者王小明／鹿港報導`, `记者张三、李四/北京电`. Returns its length in bytes.
pub fn stream_byline(text: &str) -> Option<usize> {
    STREAM_BYLINE.find(text).map(|m| m.end())
}

/// See [`stream_byline`].
static STREAM_BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^{ZH_ROLE}\s*\p{{Han}}{{2,4}}(?:[、，,]\p{{Han}}{{2,4}})*\s*[/／]\s*\p{{Han}}{{2,6}}?(?:报道|報導|电|電)"
    ))
    .expect("stream byline pattern")
});

/// Whether a line is a byline standing on its own.
pub fn is_byline_line(text: &str) -> bool {
    BYLINE_LINE.is_match(text)
}

/// Whether a line is a reporter's credit in brackets closing an article
/// (`（本报记者 钟灵）`, `（記者 林美華）`): body text, the end of the article it follows.
pub fn is_closing_credit(text: &str) -> bool {
    let inner = text
        .trim()
        .strip_prefix(['（', '('])
        .and_then(|t| t.strip_suffix(['）', ')']));
    inner.is_some_and(|inner| BYLINE_LINE.is_match(inner.trim()))
}

/// The byline a line of its own holds, without the paper's mark, spaced as [`normalize_byline`]
/// spaces it.
pub fn byline_of_line(text: &str) -> Option<String> {
    let m = BYLINE_LINE.captures(text)?;
    let byline = m.get(1).or(m.get(2)).expect("one alternative matched");
    Some(normalize_byline(byline.as_str()))
}

/// One space between a role and a name (`记者 郝飚`, `通讯员 刘洋 记者 周末`), whatever line
/// breaks or spacing the extraction left; other spacing folded to single spaces.
pub fn normalize_byline(byline: &str) -> String {
    let mut words: Vec<&str> = Vec::new();
    let mut at = 0;
    for m in ROLE.find_iter(byline) {
        words.extend(byline[at..m.start()].split_whitespace());
        words.push(m.as_str());
        at = m.end();
    }
    words.extend(byline[at..].split_whitespace());
    // `文/` leads its role with no space: `文/本报记者 周扬`.
    words.join(" ").replace("/ ", "/").replace("／ ", "／")
}

/// Splits `…的情怀。本报记者 王雅静 摄` into the caption and the credit after it: the
/// shortest tail after a sentence's end or a closing bracket (`…（白石島で）佐藤花子撮影`,
/// `…전경. 부산시 제공`) that reads as a credit.
pub fn split_credit(text: &str) -> (String, Option<String>) {
    match credit_at(text) {
        Some((cut, mut credit)) => {
            // `本报记者 冯晓东` + `摄` on the next line: keep the spacing the credit uses.
            if credit.contains(' ') && !credit.ends_with(" 摄") && credit.ends_with('摄') {
                credit.insert(credit.len() - '摄'.len_utf8(), ' ');
            }
            (text[..cut].trim().to_string(), Some(credit))
        }
        None => (text.trim().to_string(), None),
    }
}

/// The credit ending `text`, as [`split_credit`] finds it: the byte offset where the text
/// after the caption starts (the credit, and what sets it apart), and the credit as printed.
pub fn credit_at(text: &str) -> Option<(usize, String)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let cuts = chars.iter().enumerate().rev().filter_map(|(k, &(i, c))| {
        let latin_stop = c == '.' && k > 0 && crate::script::is_cjk_letter(chars[k - 1].1);
        (matches!(c, '。' | '！' | '？' | '”' | '）' | ')') || latin_stop)
            .then_some(i + c.len_utf8())
    });
    cuts.chain([0]).find_map(|cut| {
        let tail = text[cut..].trim();
        let m = CREDIT.captures(tail).filter(|_| !tail.is_empty())?;
        Some((cut, m[1].trim().to_string()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bracketed_reporter_closes_an_article() {
        assert!(is_closing_credit("（本报记者 钟灵）"));
        assert!(is_closing_credit("(記者 林美華、鄭志偉)"));
        assert!(!is_closing_credit("（记者从市教育局获悉）"));
        assert!(!is_closing_credit("本报记者 钟灵"));
        assert!(!is_closing_credit("（上接第1版）"));
    }

    #[test]
    fn chinese_leads_split_into_dateline_byline_and_text() {
        let (d, b, rest) = split_lead("本报乌海1月2日电（记者 郝飚）“没想到");
        assert_eq!(d.as_deref(), Some("本报乌海1月2日电"));
        assert_eq!(b.as_deref(), Some("记者 郝飚"));
        assert_eq!(rest, "“没想到");
        let (d, b, rest) = split_lead("新华社北京1月2日电 记者从…");
        assert_eq!(d.as_deref(), Some("新华社北京1月2日电"));
        assert_eq!(b, None);
        assert_eq!(rest, "记者从…");
        let (d, _, rest) = split_lead("【本报讯】昨天，");
        assert_eq!(d.as_deref(), Some("本报讯"));
        assert_eq!(rest, "昨天，");
    }

    #[test]
    fn bracketed_bylines_lead_without_a_dateline() {
        let (d, b, rest) = split_lead("〔記者 蔡宗憲／嘉義報導〕嘉義縣政府昨天");
        assert_eq!(d, None);
        assert_eq!(b.as_deref(), Some("記者 蔡宗憲／嘉義報導"));
        assert_eq!(rest, "嘉義縣政府昨天");
        assert!(starts_with_lead("（记者 张三）昨天"));
        assert!(!starts_with_lead("（记者从市里获悉）"));
    }

    #[test]
    fn japanese_leads_keep_their_brackets() {
        let (d, b, rest) = split_lead("【横浜＝山田太郎】横浜市は６日、");
        assert_eq!(d.as_deref(), Some("【横浜＝山田太郎】"));
        assert_eq!(b, None);
        assert_eq!(rest, "横浜市は６日、");
        assert!(starts_with_dateline("【ワシントン＝共同】米政府は"));
        let (d, _, rest) = split_lead("【高松】高松市の玉藻公園沖で");
        assert_eq!(d.as_deref(), Some("【高松】"));
        assert_eq!(rest, "高松市の玉藻公園沖で");
        // A bracketed note before Chinese text is not a dateline.
        assert!(!starts_with_dateline("【编者按】今年是改革开放"));
    }

    #[test]
    fn korean_leads_split_into_dateline_reporter_and_text() {
        let (d, b, rest) = split_lead("[서울=연합뉴스] 김민수 기자 = 서울시는 다음 달부터");
        assert_eq!(d.as_deref(), Some("[서울=연합뉴스]"));
        assert_eq!(b.as_deref(), Some("김민수 기자"));
        assert_eq!(rest, "서울시는 다음 달부터");
        let (d, b, _) = split_lead("(부산=뉴스1) 시는 6일");
        assert_eq!(d.as_deref(), Some("(부산=뉴스1)"));
        assert_eq!(b, None);
    }

    #[test]
    fn a_byline_dateline_is_not_an_article_start() {
        assert!(starts_with_dateline("本报讯 今天"));
        let (d, b, rest) = split_lead("（中央社記者林志豪彰化3日電）鹿港燈會");
        assert_eq!(d.as_deref(), Some("中央社記者林志豪彰化3日電"));
        assert_eq!(b, None);
        assert_eq!(rest, "鹿港燈會");
        assert!(starts_with_lead("（中央社記者林志豪彰化3日電）鹿港燈會"));
        assert!(!starts_with_dateline("本报记者张三北京电"));
    }

    #[test]
    fn bylines_on_their_own_line() {
        assert_eq!(
            byline_of_line("□本报记者 刘向平").as_deref(),
            Some("本报记者 刘向平")
        );
        assert!(is_byline_line("本报记者 张三 通讯员 李四"));
        assert_eq!(
            byline_of_line("■本报记者 韩冬 许静").as_deref(),
            Some("本报记者 韩冬 许静")
        );
        assert_eq!(
            byline_of_line("◎ 文/本报记者 周扬").as_deref(),
            Some("文/本报记者 周扬")
        );
        assert!(is_byline_line("記者 林美華、鄭志偉／綜合報導"));
        assert!(!is_byline_line("记者看到共有8个人社业务窗口。"));
        assert_eq!(
            byline_of_line("이지은 기자").as_deref(),
            Some("이지은 기자")
        );
        assert_eq!(
            byline_of_line("글·사진 박철 특파원 park@example.com").as_deref(),
            Some("글·사진 박철 특파원")
        );
        assert!(!is_byline_line("기자들이 현장을 찾았다."));
    }

    #[test]
    fn bylines_get_one_space_between_role_and_name() {
        assert_eq!(
            normalize_byline("通讯员刘洋记者 周末"),
            "通讯员 刘洋 记者 周末"
        );
        assert_eq!(normalize_byline("本报记者刘向平"), "本报记者 刘向平");
        assert_eq!(normalize_byline("见习记者  王坤"), "见习记者 王坤");
        assert_eq!(normalize_byline("文/本报记者周扬"), "文/本报记者 周扬");
        assert_eq!(
            normalize_byline("文/图 本报记者 吴海波"),
            "文/图 本报记者 吴海波"
        );
    }

    #[test]
    fn credits_split_off_captions() {
        let (c, k) = split_credit("小朋友们的情怀。本报记者 王雅静 摄");
        assert_eq!(c, "小朋友们的情怀。");
        assert_eq!(k.as_deref(), Some("本报记者 王雅静 摄"));
        assert_eq!(split_credit("没有署名的图片说明。").1, None);
        let (c, k) = split_credit("移住者の夫婦（岡山県笠岡市の白石島で）佐藤花子撮影");
        assert_eq!(c, "移住者の夫婦（岡山県笠岡市の白石島で）");
        assert_eq!(k.as_deref(), Some("佐藤花子撮影"));
        let (c, k) = split_credit("부산 북항 재개발 2단계 사업 예정지 전경. 부산시 제공");
        assert_eq!(c, "부산 북항 재개발 2단계 사업 예정지 전경.");
        assert_eq!(k.as_deref(), Some("부산시 제공"));
        // A bracket inside the caption is not where the credit starts.
        assert_eq!(split_credit("市民在公园（北区）赏花。").1, None);
    }
}
