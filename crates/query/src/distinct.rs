//! A top-k collector that counts statement texts, not statements.
//!
//! A ladder repeats a statement in many roles and levels; collapsed search
//! shows it once, with the roles it is in. Asking tantivy for the best `k`
//! statements gave few distinct texts when copies filled the list, so the
//! search fetched again four times deeper (a Chinese query on a corpus that
//! repeats its statements fetched twice or three times). This collector keeps
//! the best `k` *texts* (by the text-key fast column) and every copy of them
//! it sees, and tells block-max WAND the `k`-th text's score, so one pass
//! finds as many texts as a plain fetch finds statements.

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap};

use rolesearch_index::TEXT_KEY_FIELD;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::Weight;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

/// The best `k` distinct texts of a query and all the copies of them seen.
pub(crate) struct DistinctTop {
    k: usize,
}

impl DistinctTop {
    pub(crate) fn with_limit(k: usize) -> DistinctTop {
        DistinctTop { k: k.max(1) }
    }
}

/// What [`DistinctTop`] found.
#[derive(Debug, Default)]
pub(crate) struct Distinct {
    /// Every copy of the texts kept, best first (ties: lower address first).
    pub scored: Vec<(Score, DocAddress)>,
    /// How many texts were kept (at most `k`).
    pub texts: usize,
    /// The lowest best score of a text kept: a statement not returned scores
    /// at most this (0 when none was kept).
    pub floor: Score,
}

/// One segment's texts: per text key, its best score, the first document
/// with it, and the copies.
pub(crate) struct SegmentDistinct {
    k: usize,
    segment: SegmentOrdinal,
    keys: Option<Column<u64>>,
    groups: HashMap<u64, Group>,
    /// Texts by best score, worst on top; an entry whose score is no longer
    /// its group's best is stale and skipped.
    heap: BinaryHeap<Reverse<Entry>>,
}

struct Group {
    best: Score,
    copies: Vec<(Score, DocId)>,
}

#[derive(Clone, Copy)]
struct Entry {
    score: Score,
    doc: DocId,
    key: u64,
}

impl Ord for Entry {
    /// Higher score is greater; on a tie the lower document is greater (kept),
    /// as tantivy's own top-k keeps it.
    fn cmp(&self, other: &Entry) -> Ordering {
        self.score.total_cmp(&other.score).then_with(|| other.doc.cmp(&self.doc))
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Entry) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Entry {
    fn eq(&self, other: &Entry) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Entry {}

impl SegmentDistinct {
    /// The key of `doc`'s text; a statement without one (not expected) is a
    /// text of its own.
    fn key(&self, doc: DocId) -> u64 {
        self.keys.as_ref().and_then(|c| c.first(doc)).unwrap_or(u64::MAX - u64::from(doc))
    }

    /// Takes `doc` in and returns the score a document must now beat.
    fn offer(&mut self, doc: DocId, score: Score) -> Score {
        let key = self.key(doc);
        match self.groups.get_mut(&key) {
            Some(group) => {
                group.copies.push((score, doc));
                // Texts that fold alike may score differently.
                if score > group.best {
                    group.best = score;
                    self.heap.push(Reverse(Entry { score, doc, key }));
                }
            }
            None => {
                self.groups.insert(key, Group { best: score, copies: vec![(score, doc)] });
                self.heap.push(Reverse(Entry { score, doc, key }));
                while self.groups.len() > self.k {
                    let Some(Reverse(worst)) = self.heap.pop() else { break };
                    if self.is_current(&worst) {
                        self.groups.remove(&worst.key);
                    }
                }
            }
        }
        self.threshold()
    }

    fn is_current(&self, e: &Entry) -> bool {
        self.groups.get(&e.key).is_some_and(|g| g.best == e.score)
    }

    /// The `k`-th text's score once there are `k` texts.
    fn threshold(&mut self) -> Score {
        if self.groups.len() < self.k {
            return Score::MIN;
        }
        while let Some(Reverse(top)) = self.heap.peek() {
            if self.is_current(top) {
                return top.score;
            }
            self.heap.pop();
        }
        Score::MIN
    }
}

impl SegmentCollector for SegmentDistinct {
    type Fruit = Vec<(u64, Score, Vec<(Score, DocAddress)>)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.offer(doc, score);
    }

    fn harvest(self) -> Self::Fruit {
        let segment = self.segment;
        self.groups
            .into_iter()
            .map(|(key, g)| {
                (key, g.best, g.copies.into_iter().map(|(s, doc)| (s, DocAddress::new(segment, doc))).collect())
            })
            .collect()
    }
}

impl Collector for DistinctTop {
    type Fruit = Distinct;
    type Child = SegmentDistinct;

    fn for_segment(&self, segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentDistinct> {
        Ok(SegmentDistinct {
            k: self.k,
            segment,
            keys: reader.fast_fields().u64(TEXT_KEY_FIELD).ok(),
            groups: HashMap::new(),
            heap: BinaryHeap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    /// Walks the segment with pruning: only documents scoring above the
    /// `k`-th text are scored into the collector.
    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<<SegmentDistinct as SegmentCollector>::Fruit> {
        let mut child = self.for_segment(segment, reader)?;
        let alive = reader.alive_bitset();
        let mut threshold = Score::MIN;
        weight.for_each_pruning(Score::MIN, reader, &mut |doc, score| {
            if alive.is_some_and(|a| a.is_deleted(doc)) {
                return threshold;
            }
            threshold = child.offer(doc, score);
            threshold
        })?;
        Ok(child.harvest())
    }

    /// Texts of all segments (a text's copies may be in several), the best
    /// `k` by their best copy.
    fn merge_fruits(&self, fruits: Vec<<SegmentDistinct as SegmentCollector>::Fruit>) -> tantivy::Result<Distinct> {
        let mut texts: HashMap<u64, (Score, Vec<(Score, DocAddress)>)> = HashMap::new();
        for (key, best, copies) in fruits.into_iter().flatten() {
            let text = texts.entry(key).or_insert((best, Vec::new()));
            text.0 = text.0.max(best);
            text.1.extend(copies);
        }
        let mut texts: Vec<(Score, Vec<(Score, DocAddress)>)> = texts
            .into_values()
            .map(|(best, mut copies)| {
                copies.sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| x.1.cmp(&y.1)));
                (best, copies)
            })
            .collect();
        texts.sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| x.1[0].1.cmp(&y.1[0].1)));
        texts.truncate(self.k);
        let floor = texts.last().map_or(0.0, |t| t.0);
        let n = texts.len();
        let mut scored: Vec<(Score, DocAddress)> = texts.into_iter().flat_map(|(_, copies)| copies).collect();
        scored.sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| x.1.cmp(&y.1)));
        Ok(Distinct { scored, texts: n, floor })
    }
}
