//! `--shard K/N`: a deterministic share of the inputs, so that N machines (Slurm array jobs,
//! Kubernetes indexed Jobs, GNU parallel over ssh) can split one batch without talking.

use std::fmt;
use std::str::FromStr;

use anyhow::{bail, Result};

/// Shard `index` of `count`, 1-based as written on the command line (`--shard 2/3`).
///
/// The inputs are sorted by their place in the mirrored output structure (which depends only
/// on the paths as given, not on the machine), and shard K takes every N-th one starting at
/// the K-th: shares differ in size by at most one, and together the N shards cover every
/// input exactly once, provided every shard is given the same inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which share, 1 ≤ index ≤ count.
    pub index: usize,
    /// How many shares.
    pub count: usize,
}

impl FromStr for Shard {
    type Err = anyhow::Error;

    fn from_str(s: &str) -> Result<Self> {
        let bad = || anyhow::anyhow!("--shard expects K/N with 1 ≤ K ≤ N (e.g. 2/8), found `{s}`");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: usize = k.trim().parse().map_err(|_| bad())?;
        let count: usize = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || count == 0 || index > count {
            bail!(bad());
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Shard {
    /// Whether the item at `position` of the sorted input list belongs to this shard.
    pub fn takes(&self, position: usize) -> bool {
        position % self.count == self.index - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_refuses() {
        assert_eq!(
            "2/3".parse::<Shard>().unwrap(),
            Shard { index: 2, count: 3 }
        );
        for bad in ["0/3", "4/3", "1/0", "3", "a/b", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn shards_cover_every_position_once_and_evenly() {
        for count in 1..6 {
            let shards: Vec<Shard> = (1..=count).map(|index| Shard { index, count }).collect();
            for position in 0..50 {
                assert_eq!(shards.iter().filter(|s| s.takes(position)).count(), 1);
            }
            let sizes: Vec<usize> = shards
                .iter()
                .map(|s| (0..50).filter(|&p| s.takes(p)).count())
                .collect();
            assert!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1);
        }
    }
}
