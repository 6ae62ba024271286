//! The headline block of an article: which of the lines printed over (or after) a body are
//! kicker, headline, subheadline or page slogan; which block goes to which article where
//! side-by-side articles print theirs together; letter-spacing undone.

use std::ops::Range;

use super::lines::{blocks, Line};
use super::reattach::pairs;
use super::structure::join_texts;
use super::units::{headline_like, Unit};
use super::Note;

/// Verbs that open a subheadline set as its own clause under the headline
/// (`我区成立中蒙医药研究院 / 加强中蒙医药科技创新`); a second headline line that starts
/// otherwise continues the headline.
const CLAUSE_VERBS: &[&str] = &[
    "加强", "推动", "推进", "促进", "助力", "打造", "实现", "深化", "坚持", "持续", "全力", "奋力",
    "聚焦", "守护", "筑牢", "确保", "做好", "抓好", "提升", "强化", "构建", "建设", "开创", "迈向",
    "奋进", "扎实", "着力", "携手", "共建", "共筑", "助推", "引领", "激发", "夯实", "加快", "积极",
    "努力", "全面", "大力", "不断", "切实", "让", "为",
    // Those written differently in traditional characters.
    "加強", "推動", "促進", "實現", "堅持", "持續", "築牢", "確保", "強化", "構建", "建設", "開創",
    "邁向", "奮進", "紮實", "攜手", "共築", "引領", "激發", "夯實", "積極", "不斷", "切實", "讓",
    "為",
];

/// The headline block found after a body.
pub(super) struct HeadlineBlock {
    pub(super) headline: String,
    pub(super) kicker: Option<String>,
    pub(super) subheadline: Option<String>,
    pub(super) first_line: usize,
}

/// Reads the lines after a body: groups separated by blank lines; parallel-phrase groups before
/// the headline are its kicker, after it a page slogan (left out); a second headline line that
/// opens its own clause, or starts with a dash, is the subheadline. `before`: the block is
/// printed over its body.
pub(super) fn headline_block(
    tail: &[&Line],
    before: bool,
    notes: &mut Vec<Note>,
) -> Option<HeadlineBlock> {
    let groups: Vec<&[&Line]> = blocks(tail).into_iter().map(|g| &tail[g]).collect();
    if groups.is_empty() {
        return None;
    }
    let main = main_group(&groups, before);
    let (kicker, head) = kicker_and_head(&groups, main, notes);
    let (main_lines, mut subheadline) = split_subheadline(head, notes);
    for g in &groups[main + 1..] {
        let text = join_texts(g.iter().map(|l| l.text.as_str()));
        if is_phrase_group(g) || subheadline.is_some() {
            notes.push(Note::new(
                g[0].number,
                format!("`{}` left out: a page slogan", shown(g)),
            ));
        } else {
            notes.push(Note::new(
                g[0].number,
                format!("`{text}` after the headline taken for its subheadline"),
            ));
            subheadline = Some(text);
        }
    }
    Some(HeadlineBlock {
        headline: unspace_letters(&join_texts(main_lines.iter().map(|l| l.text.as_str()))),
        kicker,
        subheadline,
        first_line: head[0].number,
    })
}

/// Which group is the headline's: the largest type where the sizes are known; else the first
/// that is not parallel phrases, or, printed over its body, a letter-spaced group after it (a
/// short headline is spaced to the column, the unspaced line over it is its kicker:
/// `城市更新进行时` / `老 街换 新 颜`); a short line over a longer group is a kicker.
fn main_group(groups: &[&[&Line]], before: bool) -> usize {
    if let Some(largest) = largest_group(groups) {
        return largest;
    }
    let mut main = groups.iter().position(|g| !is_phrase_group(g)).unwrap_or(0);
    let spaced = |g: &[&Line]| g.iter().all(|l| l.letter_spaced);
    if before && !spaced(groups[main]) {
        if let Some(k) = (main + 1..groups.len()).find(|&k| spaced(groups[k])) {
            main = k;
        }
    }
    if kicker_over(groups, main) {
        main += 1;
    }
    main
}

/// The kicker, and the headline group without it. A kicker is the line of parallel phrases
/// right over the headline (the first line of the headline's own group), else the group just
/// before it; groups further up are slogans, left out.
fn kicker_and_head<'g, 'l>(
    groups: &[&'g [&'l Line]],
    main: usize,
    notes: &mut Vec<Note>,
) -> (Option<String>, &'g [&'l Line]) {
    let head = groups[main];
    let in_group = head.len() >= 2
        && is_phrase_line(&head[0].text)
        && !head[1..].iter().all(|l| is_phrase_line(&l.text));
    let found = if in_group {
        notes.push(Note::new(
            head[0].number,
            format!(
                "`{}` (parallel phrases over the headline) taken for its kicker",
                head[0].text
            ),
        ));
        (Some(head[0].text.clone()), &head[1..])
    } else if main > 0 {
        let k = groups[main - 1];
        notes.push(Note::new(
            k[0].number,
            format!(
                "`{}` taken for the kicker of the headline below it",
                shown(k)
            ),
        ));
        // Lines of parallel phrases continue one another with a space, as the phrases inside
        // them do.
        let text = k
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        (Some(text), head)
    } else {
        (None, head)
    };
    let slogans_before = if in_group {
        main
    } else {
        main.saturating_sub(1)
    };
    for g in groups.iter().take(slogans_before) {
        notes.push(Note::new(
            g[0].number,
            format!("`{}` left out: a page slogan", shown(g)),
        ));
    }
    found
}

/// Splits the headline group into the headline's lines and the subheadline, where one starts
/// inside the group: a line opening with a dash or a clause verb, or a line of spaced phrases
/// under a headline that has none (`全长23.6公里 设站17座` under
/// `清河新区首条地铁线路开通试运营`).
fn split_subheadline<'g, 'l>(
    head: &'g [&'l Line],
    notes: &mut Vec<Note>,
) -> (&'g [&'l Line], Option<String>) {
    let sub_at = (1..head.len()).find(|&k| {
        let t = head[k].text.as_str();
        t.starts_with('—')
            || CLAUSE_VERBS.iter().any(|v| t.starts_with(v))
            || (!head[k].letter_spaced
                && t.contains(' ')
                && head[..k].iter().all(|l| !l.text.contains(' ')))
    });
    let (main_lines, sub_lines) = head.split_at(sub_at.unwrap_or(head.len()));
    let subheadline =
        (!sub_lines.is_empty()).then(|| join_texts(sub_lines.iter().map(|l| l.text.as_str())));
    if let Some(s) = &subheadline {
        notes.push(Note::new(
            sub_lines[0].number,
            format!("`{s}` opens its own clause: taken for the subheadline, not the headline's second line"),
        ));
    } else if main_lines.len() > 1 {
        notes.push(Note::new(
            main_lines[1].number,
            format!(
                "headline lines {}–{} joined into one headline",
                main_lines[0].number,
                main_lines[main_lines.len() - 1].number
            ),
        ));
    }
    (main_lines, subheadline)
}

/// A group's lines as the report shows them.
fn shown(g: &[&Line]) -> String {
    g.iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join(" / ")
}

/// Whether every line of a group is parallel phrases.
fn is_phrase_group(g: &[&Line]) -> bool {
    g.iter().all(|l| is_phrase_line(&l.text))
}

/// Whether the group taken for the headline is rather the kicker over the next group: a single
/// line, set apart from the next group (extraction parts lines of different sizes with a blank
/// line), and clearly shorter than that group's text (three quarters of it or less). A kicker is a short lead-in (`山城產業轉型` over
/// `東勢高接梨外銷日本創新高`); a subheadline, under its headline, is commonly the longer.
fn kicker_over(groups: &[&[&Line]], main: usize) -> bool {
    let letters = |g: &[&Line]| {
        g.iter()
            .flat_map(|l| l.text.chars())
            .filter(|c| c.is_alphanumeric())
            .count()
    };
    let (Some(g), Some(next)) = (groups.get(main), groups.get(main + 1)) else {
        return false;
    };
    g.len() == 1
        && !next.iter().all(|l| is_phrase_line(&l.text))
        && letters(g) * 4 <= letters(&next[..next.len().min(3)]) * 3
}

/// The group set in the largest type, where every line's size is known and one group's is
/// larger than the others' (by a tenth); `None` otherwise.
fn largest_group(groups: &[&[&Line]]) -> Option<usize> {
    let sizes: Vec<f32> = groups
        .iter()
        .map(|g| {
            g.iter()
                .map(|l| l.size)
                .try_fold(0.0f32, |m, s| Some(m.max(s?)))
        })
        .collect::<Option<_>>()?;
    let (main, &largest) = sizes
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0)))?;
    let others = sizes.iter().enumerate().filter(|&(k, _)| k != main);
    (groups.len() >= 2 && others.clone().all(|(_, &s)| s * 1.1 <= largest)).then_some(main)
}

/// A line made of short parallel phrases separated by spaces, as slogans and kickers are
/// (`学党史 悟思想 办实事 开新局`): Chinese characters only (kana and Hangul phrases with
/// spaces are Japanese and Korean headlines).
pub(super) fn is_phrase_line(text: &str) -> bool {
    let phrases: Vec<&str> = text.split(' ').collect();
    phrases.len() >= 2
        && phrases
            .iter()
            .all(|p| (2..=7).contains(&p.chars().count()) && p.chars().all(crate::script::is_han))
}

/// A headline set letter-spaced and read with spaces between some of its letters (`潮 風`,
/// `村B A揭 幕`, `七星 潭的 早晨`): where a group between spaces is a single letter, or every
/// group of three or more is two letters at most, the spaces are the letter-spacing, not the
/// author's. Korean parts its words with spaces and is left alone.
fn unspace_letters(text: &str) -> String {
    let groups: Vec<&str> = text.split_whitespace().collect();
    let size = |g: &&str| g.chars().count();
    // A single letter between spaces, or three or more pairs (`七星 潭的 早晨`): phrases an
    // author parts with spaces are longer (`学党史 悟思想`, `喜迎新馆 书香满城`).
    let spaced = groups.iter().any(|g| size(g) == 1)
        || (groups.len() >= 3 && groups.iter().all(|g| size(g) <= 2));
    if groups.len() >= 2 && spaced && !text.chars().any(crate::script::is_hangul) {
        groups.concat()
    } else {
        text.to_string()
    }
}

/// Articles side by side print their headlines one after the other before the first body,
/// in either order. An article left with no headline block takes, from an earlier article's
/// block of two or more groups (between blank lines), the group that shares the most of its
/// words (two-letter runs) with its body, when that is more than the group shares with the
/// body it stands over: a headline names what its article is about.
pub(super) fn share_headlines(split: &mut [(Unit, Vec<&Line>)], notes: &mut Vec<Note>) {
    for needy in 0..split.len() {
        if !split[needy].1.is_empty() || split[needy].0.lines.is_empty() {
            continue;
        }
        let body = pairs(split[needy].0.lines.iter());
        let mut best: Option<(usize, Range<usize>, usize)> = None;
        for (owner, (unit, tail)) in split[..needy].iter().enumerate() {
            let groups = blocks(tail);
            if groups.len() < 2 {
                continue;
            }
            let own = pairs(unit.lines.iter());
            for g in groups {
                let lines = &tail[g.clone()];
                if lines
                    .iter()
                    .any(|l| is_phrase_line(&l.text) || !headline_like(l))
                {
                    continue;
                }
                let words = pairs(lines.iter());
                let (here, there) = (
                    words.intersection(&own).count(),
                    words.intersection(&body).count(),
                );
                if there >= 2 && there > here && best.as_ref().is_none_or(|b| there > b.2) {
                    best = Some((owner, g, there));
                }
            }
        }
        let Some((owner, g, _)) = best else { continue };
        let moved: Vec<&Line> = split[owner].1.drain(g).collect();
        notes.push(Note::new(
            moved[0].number,
            format!(
                "`{}` shares more words with the article from line {} than with the one from line {}: taken for its headline",
                join_texts(moved.iter().map(|l| l.text.as_str())),
                split[needy].0.first_line,
                split[owner].0.first_line
            ),
        ));
        split[needy].1 = moved;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letter_spacing_read_as_spaces_is_undone_in_headlines() {
        assert_eq!(unspace_letters("潮 風"), "潮風");
        assert_eq!(unspace_letters("村B A揭 幕"), "村BA揭幕");
        assert_eq!(unspace_letters("七星 潭的 早晨"), "七星潭的早晨");
        assert_eq!(unspace_letters("学党史 悟思想"), "学党史 悟思想");
        assert_eq!(unspace_letters("稳产保供 端牢饭碗"), "稳产保供 端牢饭碗");
        assert_eq!(unspace_letters("새 학기 시작"), "새 학기 시작");
    }

    #[test]
    fn where_sizes_are_known_the_largest_type_is_the_headline() {
        let line = |number: usize, text: &str, size: f32| Line {
            number,
            text: text.into(),
            blank_before: true,
            doubled: false,
            letter_spaced: false,
            width: text.chars().count() as f32,
            size: Some(size),
            heading: false,
        };
        let (k, h, sub) = (
            line(1, "一季度经济运行开局良好", 11.0),
            line(2, "北原生产总值增长", 22.0),
            line(3, "规上工业增加值增速高于全省平均水平", 13.0),
        );
        let (gk, gh, gs) = ([&k], [&h], [&sub]);
        assert_eq!(largest_group(&[&gk[..], &gh[..], &gs[..]]), Some(1));
        let mut notes = Vec::new();
        let block = headline_block(&[&k, &h, &sub], true, &mut notes).unwrap();
        assert_eq!(block.kicker.as_deref(), Some("一季度经济运行开局良好"));
        assert_eq!(block.headline, "北原生产总值增长");
        assert_eq!(
            block.subheadline.as_deref(),
            Some("规上工业增加值增速高于全省平均水平")
        );
        // Two headlines of one size: the sizes tell nothing.
        let twin = line(4, "春季招聘会提供岗位", 22.0);
        assert_eq!(largest_group(&[&[&h][..], &[&twin][..]]), None);
    }

    #[test]
    fn slogans_are_parallel_phrases() {
        assert!(is_phrase_line("学党史 悟思想 办实事 开新局"));
        assert!(!is_phrase_line("我区印发实施意见 推动青少年文化学习"));
        assert!(!is_phrase_line("“智慧人社”推动小窗口实现大服务"));
    }
}
