//! How a group's answers to one question are distributed, and whether they
//! split the room in a way worth discussing.

use super::normalise;
use crate::core::answer::Answer;
use crate::core::content::framework::Framework;
use crate::core::content::{AnswerFormat, Content, Question};

/// How a group's answers to one question are spread.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Spread {
    /// How many members gave each answer, in the question's own order, as
    /// the answer is typed in a group round: `1`…`5`, `y`/`n`, an option's number.
    pub counts: Vec<(String, usize)>,
    /// Members who said they do not know.
    pub dont_know: usize,
    /// The lowest and highest answer given as the question is worded (so a
    /// reverse-worded question reads the same way round as it is asked).
    pub min: String,
    pub max: String,
    pub answered: usize,
    /// Distance between the lowest and highest scored answer on 0-1.
    pub width: f64,
    /// The scored answers' median on 0-1.
    pub median: f64,
    pub disagree: bool,
}

impl Spread {
    /// The distribution as one line, e.g. `1:0 2:1 3:0 4:5 5:2`.
    pub(crate) fn distribution(&self) -> String {
        let mut parts: Vec<String> = self
            .counts
            .iter()
            .map(|(label, n)| format!("{label}:{n}"))
            .collect();
        if self.dont_know > 0 {
            parts.push(format!("-:{}", self.dont_know));
        }
        parts.join(" ")
    }
}

/// The spread of a group's answers, with the disagreement flag from the framework's rule.
pub(crate) fn spread(
    content: &Content,
    q: &Question,
    answers: &[Option<Answer>],
) -> Option<Spread> {
    let fw = &content.framework;
    let given: Vec<&Answer> = answers.iter().flatten().collect();
    let mut scored: Vec<(f64, &Answer)> = given
        .iter()
        .filter_map(|a| normalise(q, Some(a), fw).map(|v| (v, *a)))
        .collect();
    scored.sort_by(|a, b| a.0.total_cmp(&b.0));
    // As worded: a reverse question's scored order turned back round.
    let (lowest, highest) = match q.reverse {
        false => (scored.first()?.1, scored.last()?.1),
        true => (scored.last()?.1, scored.first()?.1),
    };
    let short = |a: &Answer| match a {
        Answer::Point(p) => p.to_string(),
        other => other.describe(&q.format),
    };
    let values = q.format.allowed_values();
    let counts: Vec<(String, usize)> = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let n = given.iter().filter(|a| a.as_text() == *v).count();
            (typed_label(&q.format, i, v), n)
        })
        .collect();
    let n = scored.len();
    Some(Spread {
        min: short(lowest),
        max: short(highest),
        dont_know: given
            .iter()
            .filter(|a| matches!(a, Answer::DontKnow))
            .count(),
        counts,
        answered: n,
        width: scored[n - 1].0 - scored[0].0,
        median: (scored[(n - 1) / 2].0 + scored[n / 2].0) / 2.0,
        disagree: is_disagreement(fw, n, |k| scored[k].0),
    })
}

/// An answer as it is typed in a group round.
fn typed_label(format: &AnswerFormat, index: usize, value: &str) -> String {
    match format {
        AnswerFormat::YesNo => value[..1].to_string(),
        AnswerFormat::Choice { .. } => (index + 1).to_string(),
        _ => value.to_string(),
    }
}

/// Whether `n` scored answers (0-1; `kth(k)` is the k-th smallest, from 0)
/// split the room: at least the framework's `disagreement_share` of them at
/// or below one value and as many at or above another, the two at least
/// `disagreement_threshold` apart. One member's outlying answer in a large
/// room is not a split; a real minority is.
pub(crate) fn is_disagreement(fw: &Framework, n: usize, kth: impl Fn(usize) -> f64) -> bool {
    if n < 2 {
        return false;
    }
    let side = ((fw.scoring.disagreement_share * n as f64 - 1e-9).ceil() as usize).clamp(1, n / 2);
    // A small tolerance so that exactly the threshold counts despite float rounding.
    kth(n - side) - kth(side - 1) >= fw.scoring.disagreement_threshold - 1e-9
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::answer::YesNo;
    use crate::core::fixture;

    fn points(values: &[usize]) -> Vec<Option<Answer>> {
        values.iter().map(|&p| Some(Answer::Point(p))).collect()
    }

    fn flagged(values: &[usize]) -> bool {
        let content = fixture::content();
        let q = content.question("q-vision").unwrap().1;
        spread(&content, q, &points(values)).unwrap().disagree
    }

    #[test]
    fn a_distribution_counts_every_point_in_order() {
        let content = fixture::content();
        let q = content.question("q-vision").unwrap().1;
        let mut answers = points(&[4, 2, 4, 5, 4, 4, 5, 4]);
        answers.push(Some(Answer::DontKnow));
        answers.push(None);
        let s = spread(&content, q, &answers).unwrap();
        assert_eq!(s.distribution(), "1:0 2:1 3:0 4:5 5:2 -:1");
        assert_eq!((s.min.as_str(), s.max.as_str(), s.answered), ("2", "5", 8));
    }

    #[test]
    fn one_outlier_in_a_large_room_is_not_a_split_but_a_minority_is() {
        assert!(flagged(&[1, 5, 3]), "a room of three: one on each side");
        assert!(!flagged(&[4, 4, 3, 4, 5]), "a room of five that agrees");
        assert!(
            !flagged(&[2, 4, 4, 4, 5, 4, 4, 4]),
            "one low answer among eight"
        );
        assert!(flagged(&[2, 2, 4, 4, 5, 4, 4, 4]), "two of eight apart");
        let mut thirty = vec![4; 22];
        thirty.extend([2; 8]);
        assert!(flagged(&thirty), "eight of thirty apart");
        thirty[0..2].copy_from_slice(&[1, 1]);
        thirty[22..].copy_from_slice(&[4; 8]);
        assert!(!flagged(&thirty), "two outliers among thirty");
    }

    #[test]
    fn a_reverse_worded_question_reads_as_it_is_worded() {
        let mut content = fixture::content();
        let q = content.question("q-vision").unwrap().1.clone();
        let reversed = Question { reverse: true, ..q };
        content.banks_mut()[0].questions[0] = reversed.clone();
        let s = spread(&content, &reversed, &points(&[4, 4, 3, 4, 5])).unwrap();
        assert_eq!((s.min.as_str(), s.max.as_str()), ("3", "5"));
        assert_eq!(s.distribution(), "1:0 2:0 3:1 4:3 5:1");
        let yes_no = content.question("q-data-hoarded").unwrap().1;
        let answers = [
            Some(Answer::YesNo(YesNo::Yes)),
            Some(Answer::YesNo(YesNo::No)),
        ];
        let s = spread(&content, yes_no, &answers).unwrap();
        assert_eq!((s.min.as_str(), s.max.as_str()), ("No", "Yes"));
        assert_eq!(s.distribution(), "y:1 n:1");
    }
}
