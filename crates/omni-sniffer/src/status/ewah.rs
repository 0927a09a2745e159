//! The EWAH-compressed bitmaps of a split index's `link` extension, read as git's
//! `ewah/ewah_io.c` (`ewah_read_mmap`) and `ewah_bitmap.c` (`ewah_each_bit`) do.
//!
//! A bitmap is a stream of 64-bit words: a marker word says "a run of N words of all ones
//! (or zeros), then M literal words", and the literal words follow it. git trusts the
//! counts and reads past the stream when they lie; here every count is checked, and a run
//! of ones is checked against the caller's limit as a whole, so a marker claiming 2^38 set
//! bits costs one comparison, not 2^38 steps.

const WORD_BITS: u64 = 64;
const RUNNING_BITS: u32 = 32;

pub(crate) struct Ewah<'a> {
    /// The words, still big-endian.
    words: &'a [u8],
}

impl<'a> Ewah<'a> {
    /// The bitmap at the start of `data` and the number of bytes it takes:
    /// bit size (ignored, as git's readers do), word count, words, position of the last marker.
    pub(crate) fn read(data: &'a [u8]) -> Result<(Ewah<'a>, usize), &'static str> {
        const TRUNCATED: &str = "a bitmap of its link extension is truncated";
        let word_count = data.get(4..8).ok_or(TRUNCATED)?;
        let word_count =
            u32::from_be_bytes([word_count[0], word_count[1], word_count[2], word_count[3]]);
        let words_end = (word_count as usize)
            .checked_mul(8)
            .and_then(|len| len.checked_add(8))
            .ok_or(TRUNCATED)?;
        let words = data.get(8..words_end).ok_or(TRUNCATED)?;
        // The last marker's position serves appending to the bitmap, never reading it.
        let end = words_end + 4;
        if data.len() < end {
            return Err(TRUNCATED);
        }
        Ok((Ewah { words }, end))
    }

    /// The positions of the set bits, in increasing order; an error when one is `limit` or more.
    pub(crate) fn ones(&self, limit: usize) -> Result<Vec<usize>, &'static str> {
        const PAST: &str = "its link extension marks an entry past the end of the shared index";
        let limit = limit as u64;
        let mut out = Vec::new();
        let mut words = self
            .words
            .chunks_exact(8)
            .map(|w| u64::from_be_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]));
        // Saturates: past `limit` only zeros may follow, however far.
        let mut at: u64 = 0;
        while let Some(marker) = words.next() {
            let run = ((marker >> 1) & ((1 << RUNNING_BITS) - 1)).saturating_mul(WORD_BITS);
            let literals = marker >> (1 + RUNNING_BITS);
            if marker & 1 == 1 && run > 0 {
                if at.saturating_add(run) > limit {
                    return Err(PAST);
                }
                out.extend((at..at + run).map(|p| p as usize));
            }
            at = at.saturating_add(run);
            for _ in 0..literals {
                let literal = words
                    .next()
                    .ok_or("a bitmap of its link extension has fewer words than it says")?;
                let mut bits = literal;
                while bits != 0 {
                    let position = at.saturating_add(u64::from(bits.trailing_zeros()));
                    if position >= limit {
                        return Err(PAST);
                    }
                    out.push(position as usize);
                    bits &= bits - 1;
                }
                at = at.saturating_add(WORD_BITS);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A serialised bitmap: bit size, word count, `words`, last marker at 0.
    pub(crate) fn bitmap(bits: u32, words: &[u64]) -> Vec<u8> {
        let mut out = bits.to_be_bytes().to_vec();
        out.extend_from_slice(&(words.len() as u32).to_be_bytes());
        for word in words {
            out.extend_from_slice(&word.to_be_bytes());
        }
        out.extend_from_slice(&0u32.to_be_bytes());
        out
    }

    /// A marker word: `run` words of `ones` (or zeros), then `literals` literal words.
    fn marker(ones: bool, run: u64, literals: u64) -> u64 {
        u64::from(ones) | (run << 1) | (literals << 33)
    }

    fn ones(data: &[u8], limit: usize) -> Result<Vec<usize>, &'static str> {
        let (ewah, used) = Ewah::read(data)?;
        assert_eq!(used, data.len());
        ewah.ones(limit)
    }

    #[test]
    fn literal_words_and_runs_give_the_bits_git_sees() {
        // The replace bitmap git wrote for four replaced entries of a four-entry shared index.
        assert_eq!(
            ones(&bitmap(4, &[marker(false, 0, 1), 0xf]), 4),
            Ok(vec![0, 1, 2, 3])
        );
        // Two words of zeros, one of ones, then a literal with bits 1 and 63.
        let data = bitmap(
            256,
            &[marker(false, 2, 0), marker(true, 1, 1), (1 << 63) | 2],
        );
        let expected: Vec<usize> = (128..192).chain([193, 255]).collect();
        assert_eq!(ones(&data, 256), Ok(expected));
        // The empty bitmap git writes when nothing is deleted.
        assert_eq!(ones(&bitmap(0, &[0]), 0), Ok(vec![]));
        assert_eq!(ones(&bitmap(0, &[]), 0), Ok(vec![]));
    }

    #[test]
    fn a_bit_past_the_limit_is_an_error() {
        assert!(ones(&bitmap(4, &[marker(false, 0, 1), 0x10]), 4).is_err());
        assert!(ones(&bitmap(64, &[marker(true, 1, 0)]), 63).is_err());
        // Zeros past the limit are harmless.
        assert_eq!(
            ones(&bitmap(0, &[marker(false, u64::from(u32::MAX), 0)]), 1),
            Ok(vec![])
        );
    }

    #[test]
    fn huge_runs_cost_nothing() {
        // 2^32 - 1 words of ones, 2^38 bits: refused at once, not counted one by one.
        let data = bitmap(0, &[marker(true, u64::from(u32::MAX), 0)]);
        assert!(ones(&data, 1 << 20).is_err());
        // As many zero runs as fit, each of the largest length: the position saturates.
        let zeros = vec![marker(false, u64::from(u32::MAX), 0); 1 << 12];
        assert_eq!(ones(&bitmap(0, &zeros), usize::MAX), Ok(vec![]));
    }

    #[test]
    fn arbitrary_bytes_give_an_error_or_increasing_positions_below_the_limit() {
        use proptest::prelude::*;
        use proptest::test_runner::{Config, RngSeed, TestRunner};
        let config = Config {
            cases: 1024,
            failure_persistence: None,
            rng_seed: RngSeed::Fixed(0x0123_4567_89ab_cdef),
            ..Config::default()
        };
        let strategy = (prop::collection::vec(any::<u8>(), 0..120), 0usize..300);
        TestRunner::new(config)
            .run(&strategy, |(bytes, limit)| {
                if let Ok((ewah, used)) = Ewah::read(&bytes) {
                    prop_assert!(used <= bytes.len());
                    if let Ok(ones) = ewah.ones(limit) {
                        prop_assert!(ones.iter().all(|&p| p < limit));
                        prop_assert!(ones.windows(2).all(|w| w[0] < w[1]));
                    }
                }
                Ok(())
            })
            .unwrap_or_else(|failure| panic!("{failure}"));
    }

    #[test]
    fn counts_that_lie_are_errors() {
        // A marker promising two literal words, followed by one.
        assert!(ones(&bitmap(0, &[marker(false, 0, 2), 1]), 1000).is_err());
        // A word count past the end of the data.
        let mut data = bitmap(0, &[0]);
        data[4..8].copy_from_slice(&2u32.to_be_bytes());
        assert!(Ewah::read(&data).is_err());
        data[4..8].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(Ewah::read(&data).is_err());
        for len in 0..bitmap(0, &[0]).len() {
            assert!(Ewah::read(&bitmap(0, &[0])[..len]).is_err(), "cut at {len}");
        }
    }
}
