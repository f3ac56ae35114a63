//! Streaming statistics in constant memory: count, mean and standard
//! deviation (Welford's method), min, max, and an exact median over scores
//! that are rounded to one decimal place on 0-100 (a 1001-bin histogram).

use serde::{Deserialize, Serialize};

const BINS: usize = 1001;

#[derive(Debug, Clone)]
pub(crate) struct Accumulator {
    n: u64,
    mean: f64,
    m2: f64,
    min: f64,
    max: f64,
    /// Counts of scores per tenth of a point: bin `i` holds score `i / 10`.
    histogram: Box<[u64; BINS]>,
}

impl Default for Accumulator {
    fn default() -> Self {
        Accumulator {
            n: 0,
            mean: 0.0,
            m2: 0.0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            histogram: Box::new([0; BINS]),
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
        self.histogram[(x * 10.0).round() as usize] += 1;
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
        let mut seen = 0;
        for (bin, &count) in self.histogram.iter().enumerate() {
            seen += count;
            if seen > k {
                return bin as f64 / 10.0;
            }
        }
        self.max
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
    fn empty_and_single_values() {
        let s = of(&[]);
        assert_eq!((s.n, s.mean, s.median, s.sd), (0, None, None, None));
        let s = of(&[70.0]);
        assert_eq!((s.mean, s.median, s.sd), (Some(70.0), Some(70.0), None));
    }
}
