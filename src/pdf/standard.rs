//! The PDF standards folio writes to: PDF/A (archival) and PDF/UA-1 (accessible), alone or
//! combined, checked by krilla's validators while the file is written.

use std::fmt;
use std::str::FromStr;

use anyhow::{anyhow, Result};
use krilla::configure::{Accessibility, Configuration, ConfigurationBuilder};

/// A PDF/A part and conformance level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Archival {
    /// PDF/A-1b (PDF 1.4): visual appearance preserved.
    A1b,
    /// PDF/A-1a: A-1b plus tagged structure and Unicode text.
    A1a,
    /// PDF/A-2b (PDF 1.7), folio's default.
    A2b,
    /// PDF/A-2u: A-2b plus Unicode for all text.
    A2u,
    /// PDF/A-2a: A-2u plus tagged structure.
    A2a,
    /// PDF/A-3b: A-2b allowing embedded files.
    A3b,
    /// PDF/A-3u.
    A3u,
    /// PDF/A-3a.
    A3a,
}

impl Archival {
    fn krilla(self) -> krilla::configure::Archival {
        use krilla::configure::Archival as K;
        match self {
            Archival::A1b => K::A1_B,
            Archival::A1a => K::A1_A,
            Archival::A2b => K::A2_B,
            Archival::A2u => K::A2_U,
            Archival::A2a => K::A2_A,
            Archival::A3b => K::A3_B,
            Archival::A3u => K::A3_U,
            Archival::A3a => K::A3_A,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Archival::A1b => "a-1b",
            Archival::A1a => "a-1a",
            Archival::A2b => "a-2b",
            Archival::A2u => "a-2u",
            Archival::A2a => "a-2a",
            Archival::A3b => "a-3b",
            Archival::A3u => "a-3u",
            Archival::A3a => "a-3a",
        }
    }

    const ALL: [Archival; 8] = [
        Archival::A1b,
        Archival::A1a,
        Archival::A2b,
        Archival::A2u,
        Archival::A2a,
        Archival::A3b,
        Archival::A3u,
        Archival::A3a,
    ];
}

/// The standards a PDF conforms to: at most one PDF/A level and optionally PDF/UA-1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PdfStandard {
    /// The PDF/A level, if any.
    pub archival: Option<Archival>,
    /// Whether the file also conforms to PDF/UA-1.
    pub ua1: bool,
}

impl Default for PdfStandard {
    /// PDF/A-2b.
    fn default() -> Self {
        PdfStandard {
            archival: Some(Archival::A2b),
            ua1: false,
        }
    }
}

impl PdfStandard {
    /// The krilla configuration (validators and PDF version) for these standards.
    pub fn configuration(&self) -> Result<Configuration> {
        let mut b = ConfigurationBuilder::new();
        if let Some(a) = self.archival {
            b = b.with_archival_validator(a.krilla());
        }
        if self.ua1 {
            b = b.with_accessibility_validator(Accessibility::UA1);
        }
        b.finish()
            .map_err(|e| anyhow!("the PDF standards {self} cannot be combined: {e:?}"))
    }
}

impl FromStr for PdfStandard {
    type Err = String;

    /// Parses `a-2b`, `ua1`, `a-2a+ua1` or `none`.
    fn from_str(s: &str) -> Result<PdfStandard, String> {
        let lower = s.trim().to_ascii_lowercase();
        let mut standard = PdfStandard {
            archival: None,
            ua1: false,
        };
        if lower == "none" {
            return Ok(standard);
        }
        let bad = || {
            format!(
                "expected a PDF standard: a-1b, a-1a, a-2b, a-2u, a-2a, a-3b, a-3u, a-3a, ua1, \
                 a PDF/A level with +ua1 (e.g. a-2a+ua1), or none; found `{s}`"
            )
        };
        for part in lower.split('+') {
            let part = part.trim().replace("pdf/", "").replace("pdf", "");
            if part == "ua1" || part == "ua-1" {
                if standard.ua1 {
                    return Err(bad());
                }
                standard.ua1 = true;
            } else if let Some(a) = Archival::ALL.iter().find(|a| a.name() == part) {
                if standard.archival.is_some() {
                    return Err(bad());
                }
                standard.archival = Some(*a);
            } else {
                return Err(bad());
            }
        }
        if standard.ua1 && matches!(standard.archival, Some(Archival::A1a | Archival::A1b)) {
            return Err(format!(
                "`{s}`: PDF/A-1 (PDF 1.4) cannot be combined with PDF/UA-1; use a-2a+ua1 or a-2b+ua1"
            ));
        }
        Ok(standard)
    }
}

impl fmt::Display for PdfStandard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.archival, self.ua1) {
            (None, false) => f.write_str("none"),
            (Some(a), false) => f.write_str(a.name()),
            (None, true) => f.write_str("ua1"),
            (Some(a), true) => write!(f, "{}+ua1", a.name()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standards_parse_alone_and_combined() {
        assert_eq!(
            "a-2b".parse::<PdfStandard>().unwrap(),
            PdfStandard::default()
        );
        let s: PdfStandard = "a-2a+ua1".parse().unwrap();
        assert_eq!(s.archival, Some(Archival::A2a));
        assert!(s.ua1);
        assert_eq!(s.to_string(), "a-2a+ua1");
        assert_eq!("none".parse::<PdfStandard>().unwrap().archival, None);
        assert!("ua1".parse::<PdfStandard>().unwrap().ua1);
        assert!("a-1b+ua1".parse::<PdfStandard>().is_err());
        assert!("a-4".parse::<PdfStandard>().is_err());
        assert!("a-2b+a-3b".parse::<PdfStandard>().is_err());
    }

    #[test]
    fn every_standard_makes_a_krilla_configuration() {
        for s in [
            "a-1b", "a-1a", "a-2b", "a-2u", "a-2a", "a-3b", "a-3u", "a-3a", "ua1", "a-2a+ua1",
            "a-2b+ua1", "none",
        ] {
            let standard: PdfStandard = s.parse().unwrap();
            standard.configuration().unwrap();
        }
    }
}
