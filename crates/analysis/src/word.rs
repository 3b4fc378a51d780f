//! Inline keys for the maps looked up once per token: the stem cache and
//! the lexicon's first words.

/// A word of at most [`Word::MAX`] bytes, held inline as a map key: looking
/// it up hashes three integers and compares them in the table, where a
/// `String` key costs a byte-by-byte hash and a pointer chase to compare
/// (half of English analysis time went to the stem cache's lookups).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Word([u64; 3]);

impl Word {
    pub(crate) const MAX: usize = 23;

    /// Size of the zero-padded buffer [`Word::from_padded`] reads.
    pub(crate) const PADDED: usize = 24;

    /// The key of the word held in the first `len` (≤ [`Word::MAX`]) bytes
    /// of a zero-padded buffer: equal to `Word::new` of those bytes, without
    /// a loop over them.
    pub(crate) fn from_padded(buffer: &[u8; Word::PADDED], len: usize) -> Word {
        let part = |k: usize| {
            let mut chunk = [0u8; 8];
            chunk.copy_from_slice(&buffer[8 * k..8 * k + 8]);
            u64::from_le_bytes(chunk)
        };
        Word([part(0), part(1), part(2) | (len as u64) << 56])
    }

    /// `None` for longer words (rare; callers keep a slower path for them).
    /// The last byte holds the length, so padding never makes two words equal.
    pub(crate) fn new(word: &str) -> Option<Word> {
        let bytes = word.as_bytes();
        if bytes.len() > Word::MAX {
            return None;
        }
        // Shifted in byte by byte: a `copy_from_slice` of a variable length
        // is a call to memcpy, which costs more than the word (and copying
        // in fixed pieces of 8, 4, 2, 1 bytes measured no faster).
        let mut parts = [0u64; 3];
        for (i, &b) in bytes.iter().enumerate() {
            parts[i / 8] |= u64::from(b) << (8 * (i % 8));
        }
        parts[2] |= (bytes.len() as u64) << 56;
        Some(Word(parts))
    }
}

impl Word {
    /// A well-spread 64-bit hash of the word (what its maps hash it to).
    pub(crate) fn hash64(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = WordHasher::default();
        self.hash(&mut h);
        h.finish()
    }
}

/// A bit set of hashes, small enough to stay in cache: a clear bit means
/// "certainly not in the map", so most lookups that would miss never touch
/// the map (whose entries are spread over far more memory).
#[derive(Debug, Clone)]
pub(crate) struct HashBits(Box<[u64]>);

impl HashBits {
    const BITS: u64 = 1 << 16;

    /// Sets the bit of `hash`.
    pub(crate) fn insert(&mut self, hash: u64) {
        let bit = hash >> 48 & (Self::BITS - 1);
        self.0[(bit / 64) as usize] |= 1 << (bit % 64);
    }

    /// Whether the bit of `hash` is set (true for every inserted hash, and
    /// for a few others).
    pub(crate) fn may_contain(&self, hash: u64) -> bool {
        let bit = hash >> 48 & (Self::BITS - 1);
        self.0[(bit / 64) as usize] & (1 << (bit % 64)) != 0
    }
}

impl Default for HashBits {
    fn default() -> HashBits {
        HashBits(vec![0u64; (Self::BITS / 64) as usize].into_boxed_slice())
    }
}

/// The hash of a pair of words, from their [`Word::hash64`]s.
pub(crate) fn pair_hash64(first: u64, second: u64) -> u64 {
    let m = u128::from(first ^ second.rotate_left(29)) * 0x9E37_79B9_7F4A_7C15u128;
    (m as u64) ^ ((m >> 64) as u64)
}

impl std::hash::Hash for Word {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.0[0] ^ self.0[1].rotate_left(23) ^ self.0[2].rotate_left(47));
    }
}

/// Hashes a [`Word`]'s one integer with a folded multiply (both halves of
/// the 128-bit product), which spreads it over the high bits hashbrown
/// reads for its tags and the low bits it reads for the slot.
#[derive(Default)]
pub(crate) struct WordHasher(u64);

impl std::hash::Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = crate::config::fnv64(bytes, self.0 ^ crate::config::FNV_START);
    }
    fn write_u64(&mut self, v: u64) {
        let m = u128::from(v ^ self.0) * 0x9E37_79B9_7F4A_7C15u128;
        self.0 = (m as u64) ^ ((m >> 64) as u64);
    }
}

/// Builds [`WordHasher`]s for `HashMap`s keyed by [`Word`].
pub(crate) type WordBuild = std::hash::BuildHasherDefault<WordHasher>;

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn a_padded_buffer_gives_the_words_key(word in "[a-z0-9_']{0,23}") {
            let mut padded = [0u8; Word::PADDED];
            padded[..word.len()].copy_from_slice(word.as_bytes());
            proptest::prop_assert_eq!(Word::from_padded(&padded, word.len()), Word::new(&word).unwrap());
        }

        #[test]
        fn a_key_holds_the_bytes_in_order_and_the_length(word in "\\PC{0,12}") {
            // The plain rule: byte i in bits 8i.. of part i/8, the length in the top byte.
            let mut parts = [0u64; 3];
            for (i, &b) in word.as_bytes().iter().enumerate().take(Word::MAX) {
                parts[i / 8] |= u64::from(b) << (8 * (i % 8));
            }
            parts[2] |= (word.len() as u64) << 56;
            let expected = (word.len() <= Word::MAX).then_some(Word(parts));
            proptest::prop_assert_eq!(Word::new(&word), expected);
        }
    }
}
