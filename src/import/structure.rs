//! From cleaned lines to articles: where each article starts ([`super::units`]), where its
//! body ends and its headline block begins, which lines of that block are kicker, headline,
//! subheadline or page slogan ([`super::headline`]), and where paragraphs break
//! ([`super::paragraphs`]).

use std::sync::LazyLock;

use regex::Regex;

use super::conventions::{byline_of_line, is_byline_line, is_closing_credit, split_lead};
use super::headline::{headline_block, is_phrase_line, share_headlines};
use super::lines::Line;
use super::paragraphs::{column_width, paragraphs, unfinished_paragraph};
use super::reattach;
use super::units::{find_units, stray_headlines, unspace_headline, Start, Unit};
use super::Note;
use crate::edition::{join_paragraphs, Article};
pub(super) use crate::script::ends_sentence;

/// A running head that names the page's section: `第2版 经济`, `第 3 版`, `第十二版·文体`;
/// Japanese `1面 総合`, Korean `1면 종합`, `A2면 경제`.
pub(super) static SECTION_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:第\s*([0-9０-９一二三四五六七八九十百]+)\s*[版面]|([A-Z]?[0-9０-９]{1,3})\s*([面면]))\s*[·・:：|｜]?\s*([\p{Han}\p{Katakana}\p{Hiragana}ー\p{Hangul}]{0,8})$",
    )
    .expect("section head pattern")
});

/// The title of the section a running head names, spaced as `第2版 经济`, `1面 総合`.
fn section_title(head: &regex::Captures) -> String {
    let page = match (head.get(1), head.get(2), head.get(3)) {
        (Some(n), _, _) => format!("第{}版", n.as_str()),
        (None, Some(n), Some(unit)) => format!("{}{}", n.as_str(), unit.as_str()),
        _ => unreachable!("the pattern has one of its two forms"),
    };
    match head[4].trim() {
        "" => page,
        name => format!("{page} {name}"),
    }
}

/// Splits the page's lines at running heads that name a section (`第2版 经济`): each part with
/// its section's title; lines before the first head take `default`.
pub fn split_sections<'a>(
    lines: &'a [Line],
    default: &str,
    notes: &mut Vec<Note>,
) -> Vec<(String, &'a [Line])> {
    let mut parts: Vec<(String, &'a [Line])> = Vec::new();
    let mut start = 0;
    let mut title = default.to_string();
    for (i, line) in lines.iter().enumerate() {
        let Some(m) = SECTION_HEAD.captures(&line.text) else {
            continue;
        };
        if i > start {
            parts.push((title.clone(), &lines[start..i]));
        }
        title = section_title(&m);
        notes.push(Note::new(
            line.number,
            format!(
                "`{}` read as a running head: section `{title}` starts here",
                line.text
            ),
        ));
        start = i + 1;
    }
    if start < lines.len() {
        parts.push((title, &lines[start..]));
    }
    parts
}

/// A byline the column wrapped (`記者 林美華／高雄` + `報導`) becomes one line, so that it is
/// read as the byline it is.
pub fn join_wrapped_bylines(lines: Vec<Line>) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut it = lines.into_iter().peekable();
    while let Some(mut line) = it.next() {
        if let Some(next) = it.peek() {
            let joined = join_texts([line.text.as_str(), next.text.as_str()]);
            if !is_byline_line(&line.text)
                && !next.blank_before
                && next.text.chars().count() <= 8
                && joined.chars().count() <= 30
                && is_byline_line(&joined)
            {
                line.text = joined;
                line.width += next.width;
                it.next();
            }
        }
        out.push(line);
    }
    out
}

/// Joins the lines of one paragraph or headline: nothing between CJK characters, one space
/// between two Latin words.
pub fn join_texts<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for part in parts {
        let part = part.trim();
        if let (Some(a), Some(b)) = (out.chars().last(), part.chars().next()) {
            let word = |c: char| c.is_ascii_alphanumeric();
            if word(a) && word(b) && (a.is_ascii_alphabetic() || b.is_ascii_alphabetic()) {
                out.push(' ');
            }
        }
        out.push_str(part);
    }
    out
}

/// Recovers the articles of a page from its cleaned lines, noting every guess. `extracted`:
/// the lines are in an extraction's order (`pdftotext`), which prints some blocks inside the
/// wrong article (see [`reattach`]); lines read from a PDF's glyph positions are in reading order.
pub fn recover(lines: &[Line], extracted: bool, notes: &mut Vec<Note>) -> Vec<Article> {
    let stray = stray_headlines(lines);
    let lines: Vec<Line> = lines
        .iter()
        .zip(&stray)
        .map(|(l, &s)| {
            let mut l = l.clone();
            if s {
                l.text = unspace_headline(&l.text);
            }
            l
        })
        .collect();
    let units = find_units(&lines, &stray, extracted, notes);
    let mut split = split_tails(units);
    if extracted {
        let mut bodies: Vec<Vec<&Line>> = split
            .iter_mut()
            .map(|(u, _)| std::mem::take(&mut u.lines))
            .collect();
        let first_lines: Vec<usize> = split.iter().map(|(u, _)| u.first_line).collect();
        reattach::reattach(&mut bodies, &first_lines, notes);
        for ((u, _), body) in split.iter_mut().zip(bodies) {
            u.lines = body;
        }
    }
    let headlines_before = orient_headlines(&mut split, !extracted, notes);
    split
        .into_iter()
        .filter_map(|(u, tail)| build_article(u, &tail, headlines_before, notes))
        .collect()
}

/// Splits each unit into its body and the lines after its last sentence: the headline block.
fn split_tails(units: Vec<Unit<'_>>) -> Vec<(Unit<'_>, Vec<&Line>)> {
    units
        .into_iter()
        .map(|mut u| {
            // A byline on its own line stays with its article, even one with no text yet.
            let keep = usize::from(u.start == Start::Byline);
            let closes = |l: &&Line| ends_sentence(&l.text) || is_closing_credit(&l.text);
            let mut tail = match u.lines.iter().rposition(closes) {
                Some(k) => u.lines.split_off((k + 1).max(keep)),
                None => u.lines.split_off(keep.min(u.lines.len())),
            };
            // Running text after the last full sentence is a paragraph whose column goes on
            // elsewhere (extraction read a neighbouring article in between): it stays in the
            // body, and only the lines after it can be a headline block.
            let keep = unfinished_paragraph(&tail, column_width(&u.lines));
            if keep > 0 && !u.lines.is_empty() {
                let rest = tail.split_off(keep);
                u.lines.append(&mut tail);
                tail = rest;
            }
            (u, tail)
        })
        .collect()
}

/// Most extractions put a headline after its body. When instead headline lines open the page
/// and the last article has none after it, headlines come before their bodies: each unit's
/// block is moved to the next one, and those printed side by side are shared out. Lines in
/// reading order (`in_reading_order`: from a PDF's positions) always have them before, as
/// printed. Returns whether headlines come before.
fn orient_headlines<'a>(
    split: &mut [(Unit<'a>, Vec<&'a Line>)],
    in_reading_order: bool,
    notes: &mut Vec<Note>,
) -> bool {
    let opens_with_headline = split.len() >= 2
        && split[0].0.start == Start::Top
        && split[0].0.lines.is_empty()
        && !split[0].1.iter().all(|l| is_phrase_line(&l.text))
        && split.last().is_some_and(|(_, tail)| tail.is_empty());
    if opens_with_headline {
        notes.push(Note::new(
            split[0].1[0].number,
            "the page opens with a headline and its last article has none after it: headlines are read as printed before their bodies",
        ));
    }
    let before = in_reading_order || opens_with_headline;
    if before {
        // Lines after the last article's last sentence head nothing: they end it.
        if let Some((unit, tail)) = split.last_mut() {
            unit.lines.append(tail);
        }
        for k in (1..split.len()).rev() {
            split[k].1 = std::mem::take(&mut split[k - 1].1);
        }
        share_headlines(split, notes);
    }
    before
}

/// Builds one article from a unit; `None` for a unit that is only a page slogan.
fn build_article(
    unit: Unit,
    tail: &[&Line],
    headlines_before: bool,
    notes: &mut Vec<Note>,
) -> Option<Article> {
    let mut article = Article {
        images: unit.images,
        ..Article::default()
    };
    let mut body_lines: Vec<&Line> = unit.lines.clone();
    if unit.start == Start::Byline && !body_lines.is_empty() {
        let line = body_lines.remove(0);
        article.byline = byline_of_line(&line.text);
    }
    let mut paragraphs = paragraphs(&body_lines, notes);
    if unit.start == Start::Dateline {
        if let Some(first) = paragraphs.first_mut() {
            let (dateline, byline, rest) = split_lead(first);
            article.dateline = dateline;
            article.byline = byline;
            *first = rest;
        }
        paragraphs.retain(|p| !p.is_empty());
    }
    article.body = join_paragraphs(&paragraphs);
    let headline = headline_block(tail, headlines_before, notes);
    if article.body.is_none() && article.images.is_empty() {
        if let Some(h) = &headline {
            notes.push(Note::new(
                h.first_line,
                format!(
                    "`{}` stands alone with no body: taken for a page slogan and left out",
                    h.headline
                ),
            ));
        }
        return None;
    }
    match headline {
        Some(h) => {
            notes.push(Note::new(
                h.first_line,
                format!(
                    "headline `{}` attached by position to the article {} it (from line {})",
                    h.headline,
                    if headlines_before { "below" } else { "above" },
                    unit.first_line
                ),
            ));
            article.headline = h.headline;
            article.kicker = h.kicker;
            article.subheadline = h.subheadline;
        }
        None => {
            let first_words = stand_in_headline(&article);
            notes.push(Note::new(
                unit.first_line,
                format!(
                    "no headline found after the article: its first words `{first_words}` stand in"
                ),
            ));
            article.headline = first_words;
        }
    }
    Some(article)
}

/// The words that stand in for a headline none was found for: the body's first clause, or
/// the caption's. A photo whose caption extraction lost keeps its credit: some text always
/// stands in, since an edition's every article has a headline.
fn stand_in_headline(article: &Article) -> String {
    let image = article.images.first();
    let text = article
        .body
        .as_deref()
        .or(image.and_then(|i| i.caption.as_deref()))
        .or(image.and_then(|i| i.credit.as_deref()))
        .unwrap_or("");
    let first_clause: String = text
        .chars()
        .take_while(|c| !matches!(c, '，' | '。' | '！' | '？' | '\n'))
        .take(24)
        .collect();
    if first_clause.trim().is_empty() {
        text.chars()
            .filter(|c| !c.is_whitespace())
            .take(24)
            .collect()
    } else {
        first_clause
    }
}

#[cfg(test)]
mod tests {
    use super::super::lines::{clean_lines, RawLine};
    use super::*;

    #[test]
    fn latin_words_keep_a_space_across_lines() {
        assert_eq!(join_texts(["2021-", "2022赛季"]), "2021-2022赛季");
        assert_eq!(
            join_texts(["printed in", "Hong Kong"]),
            "printed in Hong Kong"
        );
        assert_eq!(join_texts(["记者 郝", "飚）"]), "记者 郝飚）");
    }

    fn recover_text(raw: &str) -> (Vec<Article>, Vec<Note>) {
        let mut notes = Vec::new();
        let articles = recover(&super::super::lines::read_lines(raw), true, &mut notes);
        (articles, notes)
    }

    /// Lines read from a PDF in reading order: `(size, blank_before, heading, text)`.
    fn recover_sized(lines: &[(f32, bool, bool, &str)]) -> Vec<Article> {
        let raw = lines
            .iter()
            .enumerate()
            .map(|(k, &(size, blank_before, heading, text))| RawLine {
                number: k + 1,
                text: text.into(),
                blank_before,
                doubled: false,
                size: Some(size),
                heading,
            })
            .collect();
        recover(&clean_lines(raw), false, &mut Vec::new())
    }

    #[test]
    fn in_reading_order_type_size_and_bold_run_ins_tell_headlines() {
        // No leads, no indents, a headline with a comma, a brief's bold run-in headline, and
        // a reporter credited in brackets at the end: headlines come before their bodies.
        let articles = recover_sized(&[
            (22.0, true, false, "加装电梯，邻里之间多些商量"),
            (10.0, true, false, "最近，不少读者给本报打来电话，反映"),
            (10.0, false, false, "老旧小区加装电梯遇到的烦心事。"),
            (10.0, true, false, "（本报记者 钟灵）"),
            (10.0, true, true, "朴子溪自行车道封闭"),
            (10.0, true, false, "自行车道东石段因堤防补强工程，即日"),
            (10.0, false, false, "起封闭。"),
        ]);
        let heads: Vec<&str> = articles.iter().map(|a| a.headline.as_str()).collect();
        assert_eq!(heads, ["加装电梯，邻里之间多些商量", "朴子溪自行车道封闭"]);
        assert!(articles[0]
            .body
            .as_deref()
            .is_some_and(|b| b.ends_with("烦心事。\n\n（本报记者 钟灵）\n")));
        assert!(articles[1]
            .body
            .as_deref()
            .unwrap()
            .starts_with("自行车道东石段"));
    }

    #[test]
    fn blank_lines_inside_sentences_and_after_full_lines_are_column_breaks() {
        // Columns of 10: first lines indented to 8; a blank line at a column break falls
        // mid-sentence, then after a full line that closes a sentence.
        let raw = "本报讯 （记者 王五）今天\n天气晴朗，气温回升到了二十\n\n度，市民纷纷走出家门踏青赏\n花，公园里游人如织热闹非凡。\n\n街头巷尾到处都是欢声笑语。\n\n明天全市仍将以晴好天气\n为主，气温继续升高。\n\n晴 天 来 了\n";
        let (articles, notes) = recover_text(raw);
        assert_eq!(articles.len(), 1);
        let a = &articles[0];
        assert_eq!(a.headline, "晴天来了");
        assert_eq!(
            a.body.as_deref(),
            Some("今天天气晴朗，气温回升到了二十度，市民纷纷走出家门踏青赏花，公园里游人如织热闹非凡。街头巷尾到处都是欢声笑语。\n\n明天全市仍将以晴好天气为主，气温继续升高。\n")
        );
        assert!(
            notes.iter().any(|n| n.message.contains("column break")),
            "{notes:?}"
        );
    }

    #[test]
    fn headline_blocks_sort_kicker_headline_subheadline_and_slogan() {
        let raw = "本报讯 今天，新的图书馆正式开放\n了，市民可以免费借阅图书。\n\n喜迎新馆 书香满城\n\n市图书馆新馆开放\n——记者探访新馆\n\n学习强国 读书明理\n\n本报讯 （记者 李四）昨日，全市\n中小学开学，学生们回到校园。\n\n全市中小学开学\n推动教育优质均衡发展\n";
        let (articles, notes) = recover_text(raw);
        assert_eq!(articles.len(), 2, "{articles:?}");
        let (a, b) = (&articles[0], &articles[1]);
        assert_eq!(a.kicker.as_deref(), Some("喜迎新馆 书香满城"));
        assert_eq!(a.headline, "市图书馆新馆开放");
        assert_eq!(a.subheadline.as_deref(), Some("——记者探访新馆"));
        assert_eq!(a.dateline.as_deref(), Some("本报讯"));
        assert_eq!(a.byline, None);
        assert_eq!(b.headline, "全市中小学开学");
        assert_eq!(b.subheadline.as_deref(), Some("推动教育优质均衡发展"));
        assert_eq!(b.byline.as_deref(), Some("记者 李四"));
        assert!(
            notes
                .iter()
                .any(|n| n.message.contains("学习强国 读书明理")),
            "{notes:?}"
        );
    }

    #[test]
    fn photo_stories_and_byline_features() {
        let raw = "□本报记者 赵六\n\n“这里的变化太大了。”老人\n感慨地说。\n\n老街新颜\n\n昨日昨日，，游客在老街游览游客在老街游览。。 本报记者本报记者 钱七钱七 摄摄\n\n春到老街春到老街\n";
        let (articles, _) = recover_text(raw);
        assert_eq!(articles.len(), 2, "{articles:?}");
        assert_eq!(articles[0].byline.as_deref(), Some("本报记者 赵六"));
        assert_eq!(articles[0].dateline, None);
        assert_eq!(articles[0].headline, "老街新颜");
        assert_eq!(
            articles[0].body.as_deref(),
            Some("“这里的变化太大了。”老人感慨地说。\n")
        );
        let photo = &articles[1];
        assert_eq!(photo.headline, "春到老街");
        assert_eq!(photo.body, None);
        assert_eq!(
            photo.images[0].caption.as_deref(),
            Some("昨日，游客在老街游览。")
        );
        assert_eq!(photo.images[0].credit.as_deref(), Some("本报记者 钱七 摄"));
    }

    #[test]
    fn a_photo_story_headline_printed_among_running_text_heads_the_caption_after() {
        let raw = "渔港迎来开海首航\n文/图 本报记者 吴海波\n\n六月十九日清晨，随着一声长\n长的汽笛，滨海渔港的两百多艘\n渔船陆续驶出港口，开始今年休\n渔期后的首次捕捞作业。\n\n海岸线 上的 守护者\n“休渔期让海里的鱼有时间长\n大，今年的收成应该不错。”老\n渔民林阿伯站在船头说。\n\n志愿者在金沙滩清理海洋垃圾志愿者在金沙滩清理海洋垃圾。。 本报记者本报记者 吴海波吴海波 摄摄\n\n科技馆里的暑期课堂\n记者 孙丽娜\n\n暑假还没开始，市科技馆的暑\n期科普课堂已经报满了。\n";
        let (articles, notes) = recover_text(raw);
        let heads: Vec<&str> = articles.iter().map(|a| a.headline.as_str()).collect();
        assert_eq!(
            heads,
            ["渔港迎来开海首航", "海岸线上的守护者", "科技馆里的暑期课堂"],
            "{notes:?}"
        );
        assert!(articles[0].images.is_empty());
        assert!(!articles[0].body.as_deref().unwrap().contains("守护者"));
        assert_eq!(articles[1].body, None);
        assert_eq!(
            articles[1].images[0].credit.as_deref(),
            Some("本报记者 吴海波 摄")
        );
    }

    #[test]
    fn headlines_of_articles_side_by_side_go_to_the_bodies_that_share_their_words() {
        // The second article's headline is printed first, then the first one's.
        let raw = "港口吞吐量创新高\n本报讯 今年港口吞吐量创下新\n高，航线总数达到二十八条。\n\n老屋改造成青年旅馆\n\n春季流感疫苗开打\n本报讯 春季流感疫苗即日起开\n放接种，长者可免费接种。\n\n本报讯 一栋百年老屋经过两年\n改造，变身为青年旅馆。\n";
        let (articles, notes) = recover_text(raw);
        let heads: Vec<&str> = articles.iter().map(|a| a.headline.as_str()).collect();
        assert_eq!(
            heads,
            ["港口吞吐量创新高", "春季流感疫苗开打", "老屋改造成青年旅馆"],
            "{notes:?}"
        );
    }

    const BRIEFS: [(&str, [&str; 3]); 3] = [
        (
            "新馆开放迎读者",
            [
                "今天，新图书馆正式开放",
                "了，市民可以免费借阅各类图",
                "书和报刊。",
            ],
        ),
        (
            "中小学今天开学",
            [
                "昨日，全市各中小学开学",
                "了，学生们陆续回到校园开始",
                "新学期的学习。",
            ],
        ),
        (
            "让阅读成为习惯",
            [
                "图书馆开放只是第一步，",
                "更重要的是让更多人走进来读",
                "书。",
            ],
        ),
    ];

    fn assert_briefs(raw: &str) {
        let (articles, notes) = recover_text(raw);
        let heads: Vec<&str> = articles.iter().map(|a| a.headline.as_str()).collect();
        assert_eq!(heads, BRIEFS.map(|(h, _)| h), "{notes:?}");
        for (a, (_, body)) in articles.iter().zip(BRIEFS) {
            assert_eq!(
                a.body.as_deref(),
                Some(format!("{}\n", body.concat()).as_str())
            );
            assert_eq!((a.dateline.as_deref(), a.byline.as_deref()), (None, None));
        }
        assert!(
            notes
                .iter()
                .any(|n| n.message.contains("no dateline or byline")),
            "{notes:?}"
        );
    }

    #[test]
    fn articles_with_neither_dateline_nor_byline_start_after_their_headlines() {
        // Columns of 13, first lines indented two: headlines printed before their bodies...
        let before: String = BRIEFS
            .iter()
            .map(|(h, body)| format!("{h}\n\n{}\n\n", body.join("\n")))
            .collect();
        assert_briefs(&before);
        // ...and after them.
        let after: String = BRIEFS
            .iter()
            .map(|(h, body)| format!("{}\n\n{h}\n\n", body.join("\n")))
            .collect();
        assert_briefs(&after);
    }

    #[test]
    fn a_column_line_without_punctuation_starts_no_article() {
        // The second paragraph's first line has no punctuation and follows a closed sentence,
        // but the line after it is not indented: one article.
        let raw = "新馆开放迎读者\n\n今天，新图书馆正式开放\n了，市民可以免费借阅各类图\n书和报刊。\n\n首日到馆的读者超过一千\n人次，其中不少是带着孩子来\n的家长。\n";
        let (articles, notes) = recover_text(raw);
        assert_eq!(articles.len(), 1, "{notes:?}");
    }

    #[test]
    fn a_short_line_over_a_longer_headline_is_its_kicker() {
        let raw = "山城產業轉型\n\n東勢高接梨外銷日本創新高\n今年出口量估達八百公噸 較去年成長三成\n本報台中26日電（記者 陳冠宇）台中市東\n勢區的高接梨今年再度叩關日\n本市場。\n";
        let (articles, notes) = recover_text(raw);
        assert_eq!(articles.len(), 1, "{notes:?}");
        let a = &articles[0];
        assert_eq!(a.kicker.as_deref(), Some("山城產業轉型"));
        assert_eq!(a.headline, "東勢高接梨外銷日本創新高");
        assert_eq!(
            a.subheadline.as_deref(),
            Some("今年出口量估達八百公噸 較去年成長三成")
        );
        assert_eq!(a.dateline.as_deref(), Some("本報台中26日電"));
    }

    #[test]
    fn a_headline_printed_among_another_articles_block_goes_to_the_body_sharing_its_words() {
        // Side by side: the right-hand article's headline comes first, then the left-hand
        // article's kicker and headline; the right-hand article, whose byline is further down,
        // has no headline of its own.
        let raw = "港口航线新开三条\n\n经济开局良好\n\n全市一季度生产总值增长\n本报讯 今年一季度全市生产总值\n增长百分之五。\n\n■本报记者 韩冬\n\n今年港口航线新开三条，\n港口吞吐量创新高。\n";
        let (articles, notes) = recover_text(raw);
        let heads: Vec<(Option<&str>, &str)> = articles
            .iter()
            .map(|a| (a.kicker.as_deref(), a.headline.as_str()))
            .collect();
        assert_eq!(
            heads,
            [
                (Some("经济开局良好"), "全市一季度生产总值增长"),
                (None, "港口航线新开三条")
            ],
            "{notes:?}"
        );
    }
}
