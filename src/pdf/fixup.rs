//! A byte-level repair of krilla's output for archival validators and viewers.
//!
//! krilla 0.8 writes each outline item's `/Dest` as a reference to a separate destination
//! array. That is valid PDF, but Apache PDFBox 2.0 Preflight (the PDF/A-1b validator archives
//! use, and `tests/common::check_pdfa_1b`) cannot resolve an indirect destination in an outline
//! and reports a syntax error for every bookmark. This pass copies each referenced array into
//! its outline item. krilla also sets `/DisplayDocTitle` (show the title, not the file name,
//! in the window title bar) only for PDF/UA; this pass sets it in every file. krilla writes
//! `/MarkInfo<</Marked true/Suspects false>>`; `/Suspects` is optional (false by default, and
//! neither PDF/A nor PDF/UA asks for it), and poppler (through 25.x) reports `Syntax Error:
//! Suspects object is wrong type (boolean)` for `false`, so every `pdfinfo`/`pdftotext` run an
//! archivist makes would print an error on a valid file: this pass drops the entry. Vertical
//! lines become real vertical text ([`super::vertical`]; only files that have some). Then it
//! rewrites the cross-reference table; nothing else changes.

use std::io::Write;

use anyhow::{anyhow, bail, Context, Result};

use super::bytes::{contains, find, rfind};
use super::vertical::{self, Marks};

/// [`repair_into`] a new buffer.
#[cfg(test)]
pub fn repair(pdf: &[u8], marks: &Marks) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(pdf.len() + 4096);
    repair_into(pdf, marks, &mut out)?;
    Ok(out)
}

/// Copies indirect `/Dest` arrays into the outline items that point at them, asks viewers to
/// show the document title, drops `/Suspects false` from the mark information and turns the
/// vertical spans `marks` lists into vertical text, writing the repaired file into `out` as
/// it goes (the file is never copied whole).
pub fn repair_into(pdf: &[u8], marks: &Marks, out: &mut dyn Write) -> Result<()> {
    let xref_at = find_startxref(pdf)?;
    let table = &pdf[xref_at..];
    if !table.starts_with(b"xref\n") {
        bail!("expected a cross-reference table at byte {xref_at}");
    }
    // Only the single-section table krilla writes: `xref\n0 N\n` and N 20-byte entries.
    let header_end = 5 + table[5..]
        .iter()
        .position(|&b| b == b'\n')
        .ok_or_else(|| anyhow!("truncated cross-reference table"))?;
    let header = std::str::from_utf8(&table[5..header_end])?;
    let (first, count) = header
        .split_once(' ')
        .ok_or_else(|| anyhow!("unexpected cross-reference header `{header}`"))?;
    let (first, count): (usize, usize) = (first.parse()?, count.trim().parse()?);
    if first != 0 {
        bail!("unexpected cross-reference section starting at object {first}");
    }
    let entries_start = xref_at + header_end + 1;
    let trailer_at = entries_start + 20 * count;
    if !pdf
        .get(trailer_at..)
        .is_some_and(|t| t.starts_with(b"trailer"))
    {
        bail!("expected the trailer after {count} cross-reference entries");
    }
    let mut offsets: Vec<Option<usize>> = Vec::with_capacity(count);
    for i in 0..count {
        let entry = &pdf[entries_start + 20 * i..entries_start + 20 * i + 20];
        let offset: usize = std::str::from_utf8(&entry[..10])?.parse()?;
        offsets.push((entry[17] == b'n').then_some(offset));
    }

    // Each object's bytes run from its offset to the next object's (or the table).
    let mut order: Vec<(usize, usize)> = offsets
        .iter()
        .enumerate()
        .filter_map(|(id, o)| o.map(|o| (o, id)))
        .collect();
    order.sort_unstable();
    let mut bodies: Vec<Option<&[u8]>> = vec![None; count];
    for (k, &(offset, id)) in order.iter().enumerate() {
        let end = order.get(k + 1).map_or(xref_at, |&(o, _)| o);
        bodies[id] = Some(&pdf[offset..end]);
    }
    let array_of = |id: usize| -> Option<&[u8]> {
        let body = bodies.get(id).copied().flatten()?;
        let start = find(body, b"obj\n")? + 4;
        let end = rfind(body, b"\nendobj")?;
        let inner = &body[start..end];
        (inner.starts_with(b"[") && inner.ends_with(b"]")).then_some(inner)
    };

    let changes = if marks.is_empty() {
        vertical::Changes::default()
    } else {
        vertical::convert(&bodies, count, marks).context("vertical text")?
    };

    let first_object = order.first().map_or(xref_at, |&(o, _)| o);
    let mut out = Counting { out, written: 0 };
    out.put(&pdf[..first_object])?;
    let mut new_offsets = vec![None; count];
    for &(_, id) in &order {
        let body = bodies[id].expect("listed objects have bodies");
        new_offsets[id] = Some(out.written);
        if let Some(replaced) = changes.replaced.get(&id) {
            out.put(replaced)?;
            continue;
        }
        match rewrite_outline_item(body, &array_of).or_else(|| fix_catalog(body)) {
            Some(rewritten) => out.put(&rewritten)?,
            None => out.put(body)?,
        }
    }
    for appended in &changes.appended {
        new_offsets.push(Some(out.written));
        out.put(appended)?;
    }
    let size = new_offsets.len();
    let new_xref = out.written;
    out.put(format!("xref\n0 {size}\n").as_bytes())?;
    for (id, offset) in new_offsets.iter().enumerate() {
        match offset {
            Some(o) => out.put(format!("{o:010} 00000 n\r\n").as_bytes())?,
            None => {
                // Keep free entries exactly as they were.
                out.put(&pdf[entries_start + 20 * id..entries_start + 20 * id + 20])?;
            }
        }
    }
    let trailer_end = find(&pdf[trailer_at..], b"startxref")
        .map(|p| trailer_at + p)
        .ok_or_else(|| anyhow!("no startxref after the trailer"))?;
    let trailer = &pdf[trailer_at..trailer_end];
    if size == count {
        out.put(trailer)?;
    } else {
        out.put(&with_size(trailer, count, size)?)?;
    }
    out.put(format!("startxref\n{new_xref}\n%%EOF").as_bytes())?;
    Ok(())
}

/// A writer that counts what it was given: the offsets of the new cross-reference table.
struct Counting<'a> {
    out: &'a mut dyn Write,
    written: usize,
}

impl Counting<'_> {
    fn put(&mut self, bytes: &[u8]) -> Result<()> {
        self.out.write_all(bytes).context("cannot write the PDF")?;
        self.written += bytes.len();
        Ok(())
    }
}

/// The outline item with its `/Dest N 0 R` replaced by the array object N holds, or `None`
/// when `body` is not an outline item pointing at a destination array.
fn rewrite_outline_item<'a>(
    body: &[u8],
    array_of: &dyn Fn(usize) -> Option<&'a [u8]>,
) -> Option<Vec<u8>> {
    // Outline items are dictionaries without streams, with a title: a string of at most
    // 32,767 bytes, written in hex (two digits a byte), and a few small entries.
    let longest = 2 * super::strings::MAX_STRING_BYTES + 4096;
    if body.len() > longest || !contains(body, b"/Title") || contains(body, b"stream\n") {
        return None;
    }
    let at = find(body, b"/Dest ")?;
    let rest = &body[at + 6..];
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 || !rest[digits..].starts_with(b" 0 R") {
        return None;
    }
    let id: usize = std::str::from_utf8(&rest[..digits]).ok()?.parse().ok()?;
    let array = array_of(id)?;
    let mut out = Vec::with_capacity(body.len() + array.len());
    out.extend_from_slice(&body[..at + 6]);
    out.extend_from_slice(array);
    out.extend_from_slice(&rest[digits + 4..]);
    Some(out)
}

/// The catalog with `/DisplayDocTitle true` in its viewer preferences and without
/// `/Suspects false`, or `None` when `body` is not the catalog or needs neither change.
fn fix_catalog(body: &[u8]) -> Option<Vec<u8>> {
    if body.len() > 4096 || !contains(body, b"/Type/Catalog") || contains(body, b"stream\n") {
        return None;
    }
    let mut out = body.to_vec();
    const SUSPECTS: &[u8] = b"/Suspects false";
    if let Some(at) = find(&out, SUSPECTS) {
        out.drain(at..at + SUSPECTS.len());
    }
    if !contains(&out, b"/DisplayDocTitle") {
        const PREFERENCES: &[u8] = b"/ViewerPreferences<<";
        if let Some(at) = find(&out, PREFERENCES) {
            let insert = at + PREFERENCES.len();
            out.splice(insert..insert, b"/DisplayDocTitle true".iter().copied());
        } else {
            let end = rfind(&out, b"\nendobj")?;
            let close = rfind(&out[..end], b">>")?;
            out.splice(
                close..close,
                b"/ViewerPreferences<</DisplayDocTitle true>>"
                    .iter()
                    .copied(),
            );
        }
    }
    (out != body).then_some(out)
}

/// The trailer with `/Size old` made `/Size new`.
fn with_size(trailer: &[u8], old: usize, new: usize) -> Result<Vec<u8>> {
    let from = format!("/Size {old}");
    let at = find(trailer, from.as_bytes())
        .filter(|&at| {
            trailer
                .get(at + from.len())
                .is_none_or(|b| !b.is_ascii_digit())
        })
        .ok_or_else(|| anyhow!("the trailer has no `{from}`"))?;
    let mut out = trailer[..at].to_vec();
    out.extend_from_slice(format!("/Size {new}").as_bytes());
    out.extend_from_slice(&trailer[at + from.len()..]);
    Ok(out)
}

/// The byte offset after the last `startxref`.
fn find_startxref(pdf: &[u8]) -> Result<usize> {
    let at = rfind(pdf, b"startxref").ok_or_else(|| anyhow!("no startxref in the PDF"))?;
    let digits: String = pdf[at + 9..]
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .map(|&b| b as char)
        .collect();
    digits.parse().context("unreadable startxref offset")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal PDF in krilla's layout: an outline item pointing at a destination array.
    fn sample() -> Vec<u8> {
        let objects = [
            "1 0 obj\n<</Type/Catalog/Outlines 2 0 R/MarkInfo<</Marked true/Suspects false>>>>\nendobj\n",
            "2 0 obj\n<</Title(A)/Dest 3 0 R>>\nendobj\n",
            "3 0 obj\n[4 0 R/XYZ 10 20 0]\nendobj\n",
            "4 0 obj\n<</Type/Page>>\nendobj\n",
        ];
        let mut pdf = b"%PDF-1.4\n\n".to_vec();
        let mut offsets = Vec::new();
        for o in objects {
            offsets.push(pdf.len());
            pdf.extend_from_slice(o.as_bytes());
        }
        let xref = pdf.len();
        pdf.extend_from_slice(b"xref\n0 5\n0000000000 65535 f\r\n");
        for o in offsets {
            pdf.extend_from_slice(format!("{o:010} 00000 n\r\n").as_bytes());
        }
        pdf.extend_from_slice(
            format!("trailer\n<</Size 5/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF").as_bytes(),
        );
        pdf
    }

    #[test]
    fn outline_destinations_are_inlined_the_title_shown_suspects_dropped_and_offsets_rewritten() {
        let out = repair(&sample(), &Marks::default()).unwrap();
        let text = String::from_utf8(out.clone()).unwrap();
        assert!(text.contains("2 0 obj\n<</Title(A)/Dest [4 0 R/XYZ 10 20 0]>>\nendobj\n"));
        assert!(text.contains(
            "<</Type/Catalog/Outlines 2 0 R/MarkInfo<</Marked true>>/ViewerPreferences<</DisplayDocTitle true>>>>"
        ));
        // Every offset in the new table points at its object.
        let xref = find_startxref(&out).unwrap();
        let table = &text[xref..];
        for (id, line) in table.lines().skip(3).take(4).enumerate() {
            let offset: usize = line[..10].parse().unwrap();
            assert!(
                text[offset..].starts_with(&format!("{} 0 obj", id + 1)),
                "object {}",
                id + 1
            );
        }
        // Running it again changes nothing.
        assert_eq!(repair(&out, &Marks::default()).unwrap(), out);
    }
}
