//! Streaming statistics in small memory: count, mean and standard deviation
//! (Welford's method), min, max, and an exact median over scores counted at
//! their nearest tenth on 0-100. A handful of scores are kept as they come,
//! the first few inside the accumulator itself; past that they move into a
//! histogram of the 1,001 tenths, so memory stays small for the many small
//! groups of a national programme and bounded for any one large group.

use serde::{Deserialize, Serialize};
use thin_vec::ThinVec;

const BINS: usize = 1001;
/// Past this many scores a histogram (4 KiB) is smaller than the list.
const LIST_LIMIT: usize = BINS * 2;
/// Scores kept without a separate allocation: a partnership of a handful of
/// members, the common case in a `--by partnership` run, allocates nothing.
/// Seven tenths and their count fill the 16 bytes a pointer to a list takes.
const INLINE: usize = 7;

/// Scores in tenths of a point.
#[derive(Debug, Clone)]
enum Tenths {
    Few {
        len: u8,
        tenths: [u16; INLINE],
    },
    /// A list whose length and capacity live in its one allocation, so it
    /// takes a pointer's room here.
    List(ThinVec<u16>),
    Histogram(Box<[u32; BINS]>),
}

#[derive(Debug, Clone)]
pub(crate) struct Accumulator {
    n: u64,
    mean: f64,
    m2: f64,
    min: f64,
    max: f64,
    tenths: Tenths,
}

impl Default for Accumulator {
    fn default() -> Self {
        Accumulator {
            n: 0,
            mean: 0.0,
            m2: 0.0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            tenths: Tenths::Few {
                len: 0,
                tenths: [0; INLINE],
            },
        }
    }
}

/// A finished summary of one accumulator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub(crate) struct Summary {
    pub n: u64,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Sample standard deviation (n - 1); null for fewer than two values.
    pub sd: Option<f64>,
}

impl Accumulator {
    /// Adds a score on 0-100; it is counted at its nearest tenth for the median.
    pub(crate) fn add(&mut self, x: f64) {
        let x = x.clamp(0.0, 100.0);
        self.n += 1;
        let delta = x - self.mean;
        self.mean += delta / self.n as f64;
        self.m2 += delta * (x - self.mean);
        self.min = self.min.min(x);
        self.max = self.max.max(x);
        self.tenths.add((x * 10.0).round() as u16);
    }

    pub(crate) fn n(&self) -> u64 {
        self.n
    }

    pub(crate) fn mean(&self) -> Option<f64> {
        (self.n > 0).then_some(self.mean)
    }

    pub(crate) fn summary(&self) -> Summary {
        let r = |x: f64| (x * 10.0).round() / 10.0;
        Summary {
            n: self.n,
            mean: self.mean().map(r),
            median: self.median().map(r),
            min: (self.n > 0).then_some(self.min),
            max: (self.n > 0).then_some(self.max),
            sd: (self.n > 1).then(|| r((self.m2 / (self.n - 1) as f64).sqrt())),
        }
    }

    /// The median: the middle value, or the mean of the two middle values.
    fn median(&self) -> Option<f64> {
        if self.n == 0 {
            return None;
        }
        let lower = self.nth((self.n - 1) / 2);
        let upper = self.nth(self.n / 2);
        Some((lower + upper) / 2.0)
    }

    /// The k-th smallest value (from 0), at its nearest tenth.
    pub(crate) fn nth(&self, k: u64) -> f64 {
        self.tenths.nth(k).map_or(self.max, |t| f64::from(t) / 10.0)
    }
}

impl Tenths {
    fn add(&mut self, tenth: u16) {
        match self {
            Tenths::Few { len, tenths } if usize::from(*len) < INLINE => {
                tenths[usize::from(*len)] = tenth;
                *len += 1;
            }
            Tenths::Few { tenths, .. } => {
                let mut list = ThinVec::with_capacity(INLINE * 2);
                list.extend_from_slice(tenths);
                list.push(tenth);
                *self = Tenths::List(list);
            }
            Tenths::List(list) if list.len() < LIST_LIMIT => list.push(tenth),
            Tenths::List(list) => {
                let mut histogram = Box::new([0u32; BINS]);
                for &t in list.iter().chain([&tenth]) {
                    histogram[usize::from(t)] += 1;
                }
                *self = Tenths::Histogram(histogram);
            }
            Tenths::Histogram(histogram) => histogram[usize::from(tenth)] += 1,
        }
    }

    /// The k-th smallest tenth (from 0).
    fn nth(&self, k: u64) -> Option<u16> {
        let nth_of = |list: &[u16]| {
            let mut sorted = list.to_vec();
            let k = usize::try_from(k).ok()?;
            (k < sorted.len()).then(|| *sorted.select_nth_unstable(k).1)
        };
        match self {
            Tenths::Few { len, tenths } => nth_of(&tenths[..usize::from(*len)]),
            Tenths::List(list) => nth_of(list),
            Tenths::Histogram(histogram) => {
                let mut seen = 0u64;
                histogram.iter().zip(0u16..).find_map(|(&count, tenth)| {
                    seen += u64::from(count);
                    (seen > k).then_some(tenth)
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(values: &[f64]) -> Summary {
        let mut a = Accumulator::default();
        values.iter().for_each(|&v| a.add(v));
        a.summary()
    }

    #[test]
    fn matches_hand_computed_values() {
        // mean 50, sample variance ((−30)² + (−10)² + 10² + 30²) / 3 = 2000 / 3.
        let s = of(&[20.0, 40.0, 60.0, 80.0]);
        assert_eq!(s.n, 4);
        assert_eq!(s.mean, Some(50.0));
        assert_eq!(s.median, Some(50.0));
        assert_eq!((s.min, s.max), (Some(20.0), Some(80.0)));
        assert_eq!(s.sd, Some(25.8));
    }

    #[test]
    fn median_of_an_odd_count_is_the_middle_value() {
        let s = of(&[90.0, 12.5, 33.3]);
        assert_eq!(s.median, Some(33.3));
        assert_eq!(s.mean, Some(45.3));
    }

    #[test]
    fn the_median_stays_exact_when_the_list_turns_into_a_histogram() {
        let values: Vec<f64> = (0..LIST_LIMIT * 3)
            .map(|i| (i % 997) as f64 / 10.0)
            .collect();
        let mut sorted: Vec<f64> = values.iter().map(|v| (v * 10.0).round() / 10.0).collect();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        let expected = (sorted[(n - 1) / 2] + sorted[n / 2]) / 2.0;
        assert_eq!(of(&values).median, Some((expected * 10.0).round() / 10.0));
        let few = &values[..LIST_LIMIT / 2];
        let mut sorted_few = few.to_vec();
        sorted_few.sort_by(f64::total_cmp);
        let m = sorted_few.len();
        let expected_few = (sorted_few[(m - 1) / 2] + sorted_few[m / 2]) / 2.0;
        assert_eq!(of(few).median, Some((expected_few * 10.0).round() / 10.0));
    }

    #[test]
    fn a_small_group_is_held_inside_the_accumulator() {
        // A `--by partnership` run keeps ~140 accumulators per partnership;
        // their size decides how many partnerships fit in memory.
        assert!(std::mem::size_of::<Accumulator>() <= 56);
        let mut a = Accumulator::default();
        (0..INLINE).for_each(|i| a.add(i as f64));
        assert!(matches!(a.tenths, Tenths::Few { .. }));
        assert_eq!(a.summary().median, Some(3.0));
        a.add(7.0);
        assert!(matches!(a.tenths, Tenths::List(_)));
        assert_eq!(a.summary().median, Some(3.5));
    }

    #[test]
    fn empty_and_single_values() {
        let s = of(&[]);
        assert_eq!((s.n, s.mean, s.median, s.sd), (0, None, None, None));
        let s = of(&[70.0]);
        assert_eq!((s.mean, s.median, s.sd), (Some(70.0), Some(70.0), None));
    }
}
