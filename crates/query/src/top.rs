//! The best statements for a query overall and in each language, in one
//! pass over its matches.
//!
//! Ranking raises the languages a query reaches only through bridges (see
//! `language_balance` in `search.rs`), so it needs each raised language's own
//! best, not just the best of the mixed list. It used to fetch them with a
//! second query per language (the bridges alone, top 30) and then score
//! those candidates again under the whole query: two more postings walks
//! and a scorer per term, a fifth of a query's time. One collector now
//! keeps both lists in the pass over the whole query's matches: the best by
//! the whole query's own score, per language, at the cost of a byte read
//! (the statement's language) for a match that could still enter a list.
//! The threshold it hands tantivy is the lowest score any list still takes.

use std::cmp::Ordering;
use std::sync::Arc;

use rolesearch_index::DocLanguages;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

/// Candidates as `(score, address)`, best first; equal scores in address order.
pub(crate) type Ranked = Vec<(f32, DocAddress)>;

/// What [`TopByLanguage`] collects.
pub(crate) struct Tops {
    /// The best matches overall.
    pub all: Ranked,
    /// The best matches of each language, indexed by `rolesearch_index::lang_number`.
    pub by_lang: [Ranked; 3],
}

/// Collects the best `overall` statements matched and the best `per_lang`
/// of each language the index holds; role documents are skipped.
pub(crate) struct TopByLanguage {
    pub overall: usize,
    pub per_lang: usize,
    pub langs: Arc<DocLanguages>,
}

/// One candidate; greater is better: higher score, then lower address (the
/// order tantivy's own top-k keeps).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Entry {
    score: f32,
    addr: DocAddress,
}

impl Eq for Entry {}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        self.score.total_cmp(&other.score).then_with(|| other.addr.cmp(&self.addr))
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The best `cap` entries offered. Entries go into a buffer of twice that;
/// when it fills, it keeps its best `cap` (a selection, not a sort) and
/// the worst of those becomes the bar to enter: amortised constant work a
/// match, where a binary heap paid a sift for each one (measured: the heap
/// made the pass 0.1 ms slower than tantivy's own top-k).
struct Best {
    cap: usize,
    items: Vec<Entry>,
    /// Entries at or below it cannot be among the best `cap`; `None` until
    /// the buffer has been cut once.
    bar: Option<Entry>,
}

impl Best {
    fn new(cap: usize) -> Best {
        Best { cap, items: Vec::with_capacity(cap.saturating_mul(2).min(4096)), bar: None }
    }

    /// Whether `e` could be among the best `cap`.
    fn admits(&self, e: &Entry) -> bool {
        self.cap > 0 && self.bar.is_none_or(|bar| *e > bar)
    }

    /// Offers an entry [`Best::admits`]; true when that raised the bar.
    fn offer(&mut self, e: Entry) -> bool {
        self.items.push(e);
        if self.items.len() >= self.cap.saturating_mul(2) {
            self.cut();
            return true;
        }
        false
    }

    /// Keeps the best `cap` and raises the bar to the worst of them.
    fn cut(&mut self) {
        if let Some(worst) = keep_best(&mut self.items, self.cap) {
            self.bar = Some(worst);
        }
    }

    /// The bar as a score (the lowest score that could still enter).
    fn score_bar(&self) -> f32 {
        self.bar.map_or(f32::MIN, |b| b.score)
    }

    fn into_entries(mut self) -> Vec<Entry> {
        self.cut();
        self.items
    }
}

/// Cuts `items` to its best `cap` (a selection, not a sort) when it holds
/// more; returns the worst kept then. Keeps nothing for a `cap` of 0.
fn keep_best(items: &mut Vec<Entry>, cap: usize) -> Option<Entry> {
    if cap == 0 {
        items.clear();
        return None;
    }
    if items.len() <= cap {
        return None;
    }
    let (_, worst, _) = items.select_nth_unstable_by(cap - 1, |x, y| y.cmp(x));
    let worst = *worst;
    items.truncate(cap);
    Some(worst)
}

/// Merges entries from every segment into a list of the best `cap`.
///
/// Each segment hands up to `cap` entries, so the merged list is a
/// multiple of what is kept: the best `cap` are selected first and only
/// they are sorted (sorting them all was a tenth of a collapsed query).
fn best_of(mut all: Vec<Entry>, cap: usize) -> Ranked {
    keep_best(&mut all, cap);
    all.sort_unstable_by(|x, y| y.cmp(x));
    all.into_iter().map(|e| (e.score, e.addr)).collect()
}

pub(crate) struct SegmentTops {
    segment: SegmentOrdinal,
    /// The language of each of the segment's documents.
    langs: Arc<[u8]>,
    all: Best,
    lang_tops: [Best; 3],
    /// The lowest score a match needs to be worth a call: the lowest bar of
    /// the overall list and every language's list (kept as bars rise).
    threshold: f32,
}

impl SegmentTops {
    fn raise_threshold(&mut self) {
        self.threshold =
            self.lang_tops.iter().filter(|b| b.cap > 0).map(Best::score_bar).fold(self.all.score_bar(), f32::min);
    }
}

impl SegmentCollector for SegmentTops {
    type Fruit = (Vec<Entry>, [Vec<Entry>; 3]);

    fn collect(&mut self, doc: DocId, score: Score) {
        // A document with no language is a role, not a statement.
        let Some(lang) = DocLanguages::of_in(&self.langs, doc) else { return };
        let e = Entry { score, addr: DocAddress::new(self.segment, doc) };
        let mut raised = self.all.admits(&e) && self.all.offer(e);
        let best = &mut self.lang_tops[lang];
        if best.admits(&e) {
            raised |= best.offer(e);
        }
        if raised {
            self.raise_threshold();
        }
    }

    fn harvest(self) -> Self::Fruit {
        (self.all.into_entries(), self.lang_tops.map(Best::into_entries))
    }
}

impl Collector for TopByLanguage {
    type Fruit = Tops;
    type Child = SegmentTops;

    fn for_segment(&self, segment: SegmentOrdinal, _reader: &SegmentReader) -> tantivy::Result<SegmentTops> {
        // A language the index holds no statement of keeps no list (its
        // list would never fill, and every match would be looked up).
        let counts = self.langs.counts();
        let cap = |lang: usize| if counts[lang] > 0 { self.per_lang } else { 0 };
        let lang_tops = [0, 1, 2].map(|lang| Best::new(cap(lang)));
        Ok(SegmentTops {
            segment,
            langs: self.langs.segment(segment),
            all: Best::new(self.overall),
            lang_tops,
            threshold: f32::MIN,
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    /// Matches below every list's worst are skipped without a call (a
    /// scorer that can prune them does): the threshold is the lowest score
    /// any list would still take.
    fn collect_segment(
        &self,
        weight: &dyn tantivy::query::Weight,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<(Vec<Entry>, [Vec<Entry>; 3])> {
        let mut tops = self.for_segment(segment, reader)?;
        let alive = reader.alive_bitset();
        weight.for_each_pruning(f32::MIN, reader, &mut |doc, score| {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                tops.collect(doc, score);
            }
            tops.threshold
        })?;
        Ok(tops.harvest())
    }

    fn merge_fruits(&self, fruits: Vec<(Vec<Entry>, [Vec<Entry>; 3])>) -> tantivy::Result<Tops> {
        let mut all = Vec::new();
        let mut langs: [Vec<Entry>; 3] = Default::default();
        for (a, ls) in fruits {
            all.extend(a);
            for (slot, l) in langs.iter_mut().zip(ls) {
                slot.extend(l);
            }
        }
        Ok(Tops { all: best_of(all, self.overall), by_lang: langs.map(|l| best_of(l, self.per_lang)) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(score: f32, doc: u32) -> Entry {
        Entry { score, addr: DocAddress::new(0, doc) }
    }

    #[test]
    fn keeps_the_best_and_breaks_ties_by_address() {
        let mut best = Best::new(2);
        for entry in [e(1.0, 0), e(3.0, 1), e(2.0, 2), e(3.0, 3), e(2.5, 4), e(0.5, 5)] {
            if best.admits(&entry) {
                best.offer(entry);
            }
        }
        // The buffer was cut at four entries: the bar is the second best then.
        assert_eq!(best.bar, Some(e(3.0, 3)));
        let kept = best_of(best.into_entries(), 2);
        assert_eq!(kept, [(3.0, DocAddress::new(0, 1)), (3.0, DocAddress::new(0, 3))]);
        // A tie with the bar does not pass it when it comes later.
        let mut best = Best::new(1);
        best.offer(e(2.0, 5));
        best.offer(e(1.0, 7));
        assert!(!best.admits(&e(2.0, 6)));
        assert!(best.admits(&e(2.0, 4)));
        assert!(!Best::new(0).admits(&e(9.0, 0)));
    }

    proptest::proptest! {
        /// Selecting before sorting keeps what sorting everything kept,
        /// ties included (few distinct scores make many).
        #[test]
        fn best_of_is_the_head_of_the_sorted_list(
            scores in proptest::collection::vec(0u8..6, 0..200),
            cap in 0usize..50,
        ) {
            let all: Vec<Entry> = scores.iter().enumerate().map(|(i, &s)| e(f32::from(s), i as u32)).collect();
            let mut sorted = all.clone();
            sorted.sort_by(|x, y| y.cmp(x));
            let expected: Ranked = sorted.into_iter().take(cap).map(|x| (x.score, x.addr)).collect();
            proptest::prop_assert_eq!(best_of(all, cap), expected);
        }
    }
}
