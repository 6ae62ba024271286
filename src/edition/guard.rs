//! A first, cheap pass over an edition's YAML before serde_yaml builds anything from it.
//!
//! serde_yaml loads a whole document into events before it deserialises, and its parser is
//! super-linear in the nesting depth (200,000 nested `[` took 81 s). This pass drives the same
//! parser (`unsafe-libyaml`, which serde_yaml itself runs) one event at a time and stops at
//! the first thing the edition format never needs:
//!
//! - nesting deeper than [`MAX_DEPTH`] (an edition is 7 levels deep: edition, sections, a
//!   section, articles, an article, images, an image);
//! - YAML tags other than `!!str` (`!!binary`, `!foo`): serde_yaml would silently drop them;
//! - aliases that expand the document beyond the edition size cap (a 1 MB body aliased a
//!   hundred times is a 100 MB edition, however small the file).
//!
//! It also records where each field's value begins, so that errors found after parsing (an
//! empty headline, a missing image) point at their real line and column.
//! A syntax error simply ends the pass: serde_yaml then reports it with its own message.

use std::collections::HashMap;
use std::ffi::CStr;
use std::mem::MaybeUninit;

use unsafe_libyaml as unsafe_sys;

/// The deepest nesting accepted, far above the edition format's 7 levels.
pub const MAX_DEPTH: usize = 32;

/// Positions recorded at most (a real 10,000-article edition has about 100,000 fields); past
/// this, errors fall back to searching the text for their line, and memory stays bounded.
const MAX_POSITIONS: usize = 500_000;

/// Something the pass refused, with its 1-based position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The field's path where known (`sections[0].title`), else empty.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

/// Where each field's value begins: `sections[0].articles[1].headline` → (line, column), 1-based.
#[derive(Debug, Clone, Default)]
pub struct Positions(HashMap<String, (usize, usize)>);

impl Positions {
    /// The line and column of a field's value, if the pass saw it.
    pub fn get(&self, field: &str) -> Option<(usize, usize)> {
        self.0.get(field).copied()
    }
}

/// One open collection on the way down.
struct Frame {
    /// Sequence: the next index; mapping: `None` until a key has been read.
    kind: FrameKind,
    /// Byte offset of its first event, for the size of an anchored collection.
    start: u64,
    anchor: Option<Vec<u8>>,
    /// Bytes its aliases add when expanded.
    extra: u64,
}

enum FrameKind {
    Sequence { next: usize },
    Mapping { key: Option<String> },
}

/// The owned parser; deleted on drop, so every early return frees it.
struct Parser {
    sys: Box<MaybeUninit<unsafe_sys::yaml_parser_t>>,
}

impl Parser {
    fn new(text: &[u8]) -> Option<Parser> {
        let mut sys = Box::new(MaybeUninit::<unsafe_sys::yaml_parser_t>::uninit());
        // SAFETY: yaml_parser_initialize fully initialises the parser it is given; the input
        // slice outlives the parser (both live for the duration of `scan`).
        unsafe {
            if unsafe_sys::yaml_parser_initialize(sys.as_mut_ptr()).fail {
                return None;
            }
            unsafe_sys::yaml_parser_set_encoding(sys.as_mut_ptr(), unsafe_sys::YAML_UTF8_ENCODING);
            unsafe_sys::yaml_parser_set_input_string(
                sys.as_mut_ptr(),
                text.as_ptr(),
                text.len() as u64,
            );
        }
        Some(Parser { sys })
    }

    /// The next event, or `None` at a syntax error (serde_yaml will report it).
    fn next(&mut self) -> Option<Event> {
        let mut event = MaybeUninit::<unsafe_sys::yaml_event_t>::uninit();
        // SAFETY: the parser was initialised in `new`; a successful yaml_parser_parse
        // initialises the event, which is read and then deleted exactly once.
        unsafe {
            if unsafe_sys::yaml_parser_parse(self.sys.as_mut_ptr(), event.as_mut_ptr()).fail {
                return None;
            }
            let e = event.as_mut_ptr();
            let converted = Event::from_sys(&*e);
            unsafe_sys::yaml_event_delete(e);
            Some(converted)
        }
    }
}

impl Drop for Parser {
    fn drop(&mut self) {
        // SAFETY: the parser was initialised in `new` and is deleted only here.
        unsafe { unsafe_sys::yaml_parser_delete(self.sys.as_mut_ptr()) }
    }
}

/// The parts of a libyaml event this pass looks at, copied out of the C structures.
struct Event {
    kind: EventKind,
    anchor: Option<Vec<u8>>,
    tag: Option<String>,
    start: unsafe_sys::yaml_mark_t,
    end: unsafe_sys::yaml_mark_t,
}

#[derive(PartialEq)]
enum EventKind {
    Scalar(String),
    Alias(Vec<u8>),
    SequenceStart,
    MappingStart,
    End,
    /// The end of the stream (libyaml then returns empty events forever).
    StreamEnd,
    Other,
}

/// A NUL-terminated string from libyaml, copied; `None` for a null pointer.
///
/// # Safety
/// `ptr` must be null or point to a NUL-terminated string.
unsafe fn c_bytes(ptr: *const u8) -> Option<Vec<u8>> {
    if ptr.is_null() {
        None
    } else {
        // SAFETY: non-null and NUL-terminated, as the caller promises.
        Some(unsafe { CStr::from_ptr(ptr.cast()) }.to_bytes().to_vec())
    }
}

impl Event {
    /// # Safety
    /// `e` must be an event just returned by `yaml_parser_parse`.
    unsafe fn from_sys(e: &unsafe_sys::yaml_event_t) -> Event {
        let text = |b: Option<Vec<u8>>| b.map(|b| String::from_utf8_lossy(&b).into_owned());
        // SAFETY: the union member read is the one the event's type says is set.
        let (kind, anchor, tag) = unsafe {
            match e.type_ {
                unsafe_sys::YAML_SCALAR_EVENT => {
                    let s = &e.data.scalar;
                    let value = std::slice::from_raw_parts(s.value, s.length as usize);
                    (
                        EventKind::Scalar(String::from_utf8_lossy(value).into_owned()),
                        c_bytes(s.anchor),
                        text(c_bytes(s.tag)),
                    )
                }
                unsafe_sys::YAML_ALIAS_EVENT => (
                    EventKind::Alias(c_bytes(e.data.alias.anchor).unwrap_or_default()),
                    None,
                    None,
                ),
                unsafe_sys::YAML_SEQUENCE_START_EVENT => (
                    EventKind::SequenceStart,
                    c_bytes(e.data.sequence_start.anchor),
                    text(c_bytes(e.data.sequence_start.tag)),
                ),
                unsafe_sys::YAML_MAPPING_START_EVENT => (
                    EventKind::MappingStart,
                    c_bytes(e.data.mapping_start.anchor),
                    text(c_bytes(e.data.mapping_start.tag)),
                ),
                unsafe_sys::YAML_SEQUENCE_END_EVENT | unsafe_sys::YAML_MAPPING_END_EVENT => {
                    (EventKind::End, None, None)
                }
                unsafe_sys::YAML_STREAM_END_EVENT | unsafe_sys::YAML_NO_EVENT => {
                    (EventKind::StreamEnd, None, None)
                }
                _ => (EventKind::Other, None, None),
            }
        };
        Event {
            kind,
            anchor,
            tag,
            start: e.start_mark,
            end: e.end_mark,
        }
    }
}

/// A tag as it would be written: `tag:yaml.org,2002:binary` → `!!binary`.
fn written_tag(tag: &str) -> String {
    match tag.strip_prefix("tag:yaml.org,2002:") {
        Some(short) => format!("!!{short}"),
        None => tag.to_string(),
    }
}

/// The field path of the value about to be read below `frames`, as serde_path_to_error
/// writes it (`sections[0].articles[2].headline`).
fn field_path(frames: &[Frame]) -> String {
    let mut path = String::new();
    for frame in frames {
        match &frame.kind {
            FrameKind::Sequence { next } => path.push_str(&format!("[{next}]")),
            FrameKind::Mapping { key: Some(key) } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            FrameKind::Mapping { key: None } => {}
        }
    }
    path
}

/// Runs the pass over `text`; `max_expanded` caps the document's size with aliases expanded.
pub fn scan(text: &str, max_expanded: u64) -> Result<Positions, Refusal> {
    let mut positions = Positions::default();
    let Some(mut parser) = Parser::new(text.as_bytes()) else {
        return Ok(positions);
    };
    let mut frames: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<Vec<u8>, u64> = HashMap::new();
    let mut root_extra = 0u64;
    let refuse = |mark: unsafe_sys::yaml_mark_t, field: String, message: String| Refusal {
        line: mark.line as usize + 1,
        column: mark.column as usize + 1,
        field,
        message,
    };
    while let Some(event) = parser.next() {
        match event.kind {
            EventKind::StreamEnd => break,
            EventKind::Other => continue, // stream and document boundaries
            _ => {}
        }
        let is_key = matches!(
            frames.last().map(|f| &f.kind),
            Some(FrameKind::Mapping { key: None })
        );
        if event.kind == EventKind::End {
            let Some(frame) = frames.pop() else { break };
            let size = (event.end.index - frame.start) + frame.extra;
            if let Some(anchor) = frame.anchor {
                anchors.insert(anchor, size);
            }
            match frames.last_mut() {
                Some(parent) => {
                    parent.extra += frame.extra;
                    finish_value(parent);
                }
                None => root_extra += frame.extra,
            }
            continue;
        }
        if let Some(tag) = &event.tag {
            let tag = written_tag(tag);
            if tag != "!!str" {
                return Err(refuse(
                    event.start,
                    field_path(&frames),
                    format!(
                        "YAML tags such as `{tag}` are not part of the edition format; \
                         remove the tag and write the value as plain text"
                    ),
                ));
            }
        }
        if !is_key && positions.0.len() < MAX_POSITIONS {
            positions.0.insert(
                field_path(&frames),
                (
                    event.start.line as usize + 1,
                    event.start.column as usize + 1,
                ),
            );
        }
        match event.kind {
            EventKind::Scalar(value) => {
                let size = event.end.index - event.start.index;
                if let Some(anchor) = event.anchor {
                    anchors.insert(anchor, size);
                }
                match frames.last_mut() {
                    Some(frame) if is_key => frame.kind = FrameKind::Mapping { key: Some(value) },
                    Some(frame) => finish_value(frame),
                    None => {}
                }
            }
            EventKind::Alias(name) => {
                let size = anchors.get(&name).copied().unwrap_or(0);
                match frames.last_mut() {
                    Some(frame) => {
                        frame.extra += size;
                        finish_value(frame);
                    }
                    None => root_extra += size,
                }
                let expanded =
                    text.len() as u64 + root_extra + frames.iter().map(|f| f.extra).sum::<u64>();
                if expanded > max_expanded {
                    return Err(refuse(
                        event.start,
                        field_path(&frames),
                        format!(
                            "aliases (`*{}`) make the document larger than the {} an edition \
                             may have; write the text out or pass --max-edition-size",
                            String::from_utf8_lossy(&name),
                            crate::input::human_size(max_expanded)
                        ),
                    ));
                }
            }
            EventKind::SequenceStart | EventKind::MappingStart => {
                if frames.len() >= MAX_DEPTH {
                    return Err(refuse(
                        event.start,
                        String::new(),
                        format!(
                            "nested more than {MAX_DEPTH} levels deep; an edition needs 7 \
                             (edition, sections, section, articles, article, images, image)"
                        ),
                    ));
                }
                frames.push(Frame {
                    kind: if event.kind == EventKind::SequenceStart {
                        FrameKind::Sequence { next: 0 }
                    } else {
                        FrameKind::Mapping { key: None }
                    },
                    start: event.start.index,
                    anchor: event.anchor,
                    extra: 0,
                });
            }
            EventKind::End | EventKind::StreamEnd | EventKind::Other => {}
        }
    }
    Ok(positions)
}

/// A value of `frame` has been read: a sequence moves to its next index, a mapping waits
/// for its next key.
fn finish_value(frame: &mut Frame) {
    match &mut frame.kind {
        FrameKind::Sequence { next } => *next += 1,
        FrameKind::Mapping { key } => *key = None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CAP: u64 = 1 << 20;

    #[test]
    fn positions_of_fields_are_recorded() {
        let text = "title: T\nsections:\n  - title: S\n    articles:\n      - headline: H\n";
        let p = scan(text, CAP).unwrap();
        assert_eq!(p.get("title"), Some((1, 8)));
        assert_eq!(p.get("sections[0].title"), Some((3, 12)));
        assert_eq!(p.get("sections[0].articles[0].headline"), Some((5, 19)));
        let flow = scan("{title: T, sections: [{title: S}]}", CAP).unwrap();
        assert_eq!(flow.get("sections[0].title"), Some((1, 31)));
    }

    #[test]
    fn deep_nesting_is_refused_at_once() {
        let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
        let t = std::time::Instant::now();
        let e = scan(&deep, CAP).unwrap_err();
        assert!(t.elapsed().as_secs() < 5);
        assert_eq!((e.line, e.column), (1, MAX_DEPTH + 1));
        assert!(e.message.contains("nested more than"), "{}", e.message);
        // A block sequence of sequences on one line is nesting too.
        let dashes = format!("{}x\n", "- ".repeat(100));
        assert!(scan(&dashes, CAP).is_err());
        assert!(scan("a: [[[[1]]]]\n", CAP).is_ok());
    }

    #[test]
    fn tags_are_refused_but_str_is_kept() {
        let e = scan("title: !!binary aGVsbG8=\n", CAP).unwrap_err();
        assert_eq!(e.field, "title");
        assert!(e.message.contains("`!!binary`"), "{}", e.message);
        let e = scan("sections: !foo [1]\n", CAP).unwrap_err();
        assert!(e.message.contains("`!foo`"), "{}", e.message);
        assert!(scan("title: !!str 2022\n", CAP).is_ok());
    }

    #[test]
    fn aliases_expanding_past_the_cap_are_refused() {
        let body = "x".repeat(10_000);
        let mut text = format!("a: &b \"{body}\"\nc:\n");
        for _ in 0..200 {
            text.push_str("  - *b\n");
        }
        let e = scan(&text, CAP).unwrap_err();
        assert!(e.message.contains("aliases (`*b`)"), "{}", e.message);
        assert!(scan(&text, 100 * CAP).is_ok());
        // Nested aliases (the "billion laughs") multiply.
        let mut laughs = "a: &a [\"lol\"]\n".to_string();
        for i in 0..20 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("l{}", i - 1)
            };
            laughs.push_str(&format!("l{i}: &l{i} [*{prev}, *{prev}, *{prev}]\n"));
        }
        assert!(scan(&laughs, CAP).is_err());
    }

    #[test]
    fn a_syntax_error_ends_the_pass_quietly() {
        assert!(scan("title: [unclosed\n", CAP).is_ok());
    }
}
