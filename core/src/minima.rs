//! The minima that many runs end in, and how each run's end is classified: the merge rule
//! shared by the basin map and the escape ensemble.
//!
//! **Minima.** The list starts with the landscape's known minima, in its own order. Then the
//! end points of the runs that converged ([`crate::settle`]) are taken in item order (cell
//! or copy number, not the order they were computed in): each belongs to the nearest minimum
//! of the list within the capture radius ([`Rules::capture`]; the first of equally near
//! ones); if none is that near, it becomes a new, found minimum of the list, at that end
//! point.
//!
//! **Status.** A run that converged is in its minimum. A run whose parameters became
//! non-finite diverged. A run that did neither within its steps is in the nearest minimum
//! within the capture radius of where it stopped, if there is one (it was still settling in
//! it); else it is stalled if the plateau detector counted its last step as stalled, and not
//! converged otherwise.

use crate::landscape::{CriticalKind, Landscape};
use crate::settle::{Ending, Rules};

/// A minimum that runs end in.
#[derive(Clone, Debug, PartialEq)]
pub struct Minimum {
    /// Where it is, one coordinate per parameter.
    pub position: Vec<f64>,
    /// The loss there.
    pub value: f64,
    /// Whether the landscape knows it (else it is the first converged end point of its
    /// group).
    pub known: bool,
}

/// How a run ended, with its end point matched to a minimum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// It ended in the minimum of this index.
    Minimum(usize),
    /// It stopped on a plateau or saddle.
    Stalled,
    /// It stopped somewhere else, still moving.
    NotConverged,
    /// Its parameters became non-finite.
    Diverged,
}

impl Status {
    /// The name in output: `minimum`, `stalled`, `not-converged`, `diverged`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Minimum(_) => "minimum",
            Self::Stalled => "stalled",
            Self::NotConverged => "not-converged",
            Self::Diverged => "diverged",
        }
    }

    /// The index of the minimum, if the run ended in one.
    pub fn minimum(self) -> Option<usize> {
        match self {
            Self::Minimum(i) => Some(i),
            _ => None,
        }
    }
}

/// The index of the minimum of `minima` nearest to `theta` within `radius` (the first of
/// equally near ones).
fn nearest(minima: &[Minimum], theta: &[f64], radius: f64) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, m) in minima.iter().enumerate() {
        let d = distance(&m.position, theta);
        if d <= radius && best.is_none_or(|(_, b)| d < b) {
            best = Some((i, d));
        }
    }
    best.map(|(i, _)| i)
}

/// The Euclidean distance of two points (NaN if either is not finite).
fn distance(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y) * (x - y))
        .sum::<f64>()
        .sqrt()
}

/// Classifies the runs of one job: item `i` ended as `endings[i]` (`None`: not computed) at
/// the point `end(i)`. Returns each item's status and the list of minima (see the module's
/// rules).
pub fn classify<'a>(
    landscape: &dyn Landscape,
    rules: &Rules,
    endings: &[Option<Ending>],
    end: impl Fn(usize) -> &'a [f64],
) -> (Vec<Option<Status>>, Vec<Minimum>) {
    let mut minima: Vec<Minimum> = (landscape.info().known_points.iter())
        .filter(|k| k.kind == CriticalKind::Minimum)
        .map(|k| Minimum {
            position: k.position.clone(),
            value: k.value,
            known: true,
        })
        .collect();
    let mut statuses = vec![None; endings.len()];
    for (i, ending) in endings.iter().enumerate() {
        if ending.is_some_and(|e| e.converged) {
            let theta = end(i);
            let index = nearest(&minima, theta, rules.capture).unwrap_or_else(|| {
                minima.push(Minimum {
                    position: theta.to_vec(),
                    value: landscape.value(theta),
                    known: false,
                });
                minima.len() - 1
            });
            statuses[i] = Some(Status::Minimum(index));
        }
    }
    for (i, ending) in endings.iter().enumerate() {
        let Some(ending) = ending else { continue };
        if ending.converged {
            continue;
        }
        statuses[i] = Some(if ending.diverged {
            Status::Diverged
        } else if let Some(index) = nearest(&minima, end(i), rules.capture) {
            Status::Minimum(index)
        } else if ending.stalled {
            Status::Stalled
        } else {
            Status::NotConverged
        });
    }
    (statuses, minima)
}

/// A minimum with what the runs made of it.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendEntry {
    /// The minimum.
    pub minimum: Minimum,
    /// How many runs ended in it.
    pub runs: usize,
    /// Their fraction of the runs done (of the view, for a complete map).
    pub share: f64,
    /// The median number of steps they took (the lower median of an even count); `None`
    /// if no run ended in it.
    pub median_steps: Option<u64>,
}

/// The runs that ended in no minimum, counted by status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Runs done.
    pub done: usize,
    /// Runs that ended in a minimum.
    pub in_minima: usize,
    /// Runs that stalled.
    pub stalled: usize,
    /// Runs that did not converge.
    pub not_converged: usize,
    /// Runs that diverged.
    pub diverged: usize,
}

impl Tally {
    /// The fraction of the runs done that ended as `count` did (0 when none is done).
    pub fn share(&self, count: usize) -> f64 {
        if self.done == 0 {
            0.0
        } else {
            count as f64 / self.done as f64
        }
    }
}

/// The legend of classified runs: every minimum with its runs, share and median steps, and
/// the runs in no minimum counted by status.
pub fn legend(
    minima: Vec<Minimum>,
    statuses: &[Option<Status>],
    endings: &[Option<Ending>],
) -> (Vec<LegendEntry>, Tally) {
    let mut steps: Vec<Vec<u64>> = vec![Vec::new(); minima.len()];
    let mut tally = Tally::default();
    for (status, ending) in statuses.iter().zip(endings) {
        let (Some(status), Some(ending)) = (status, ending) else {
            continue;
        };
        tally.done += 1;
        match status {
            Status::Minimum(i) => {
                tally.in_minima += 1;
                steps[*i].push(ending.steps);
            }
            Status::Stalled => tally.stalled += 1,
            Status::NotConverged => tally.not_converged += 1,
            Status::Diverged => tally.diverged += 1,
        }
    }
    let entries = minima
        .into_iter()
        .zip(steps)
        .map(|(minimum, mut steps)| {
            steps.sort_unstable();
            LegendEntry {
                minimum,
                runs: steps.len(),
                share: tally.share(steps.len()),
                median_steps: lower_median(&steps),
            }
        })
        .collect();
    (entries, tally)
}

/// The lower median of sorted values (`None` if there are none).
pub(crate) fn lower_median<T: Copy>(sorted: &[T]) -> Option<T> {
    sorted.get(sorted.len().checked_sub(1)? / 2).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::landscape::by_name;

    fn ending(steps: u64, converged: bool, stalled: bool) -> Option<Ending> {
        Some(Ending {
            steps,
            converged,
            diverged: false,
            stalled,
        })
    }

    #[test]
    fn converged_ends_merge_by_distance_and_in_item_order() {
        // bowl's only known minimum is the origin; its default domain [-3, 3]² gives a
        // capture radius of 0.085.
        let bowl = by_name("bowl").unwrap();
        let rules = Rules::for_landscape(bowl.info());
        let ends = [
            [0.0, 1e-9],
            [2.0, 2.0],
            [2.05, 2.0],
            [1.0, 0.0],
            [2.0, 2.01],
            [5.0, 5.0],
        ];
        let endings = [
            ending(10, true, false),
            ending(20, true, false),
            ending(30, true, false),
            ending(40, false, true),
            ending(50, false, false),
            None,
        ];
        let (statuses, minima) = classify(bowl.as_ref(), &rules, &endings, |i| &ends[i]);
        assert_eq!(
            statuses,
            [
                Some(Status::Minimum(0)),
                Some(Status::Minimum(1)),
                Some(Status::Minimum(1)),
                Some(Status::Stalled),
                Some(Status::Minimum(1)),
                None
            ]
        );
        assert_eq!(minima.len(), 2);
        assert!(minima[0].known && !minima[1].known);
        assert_eq!(minima[1].position, [2.0, 2.0]);
        assert_eq!(minima[1].value, 8.0);
        let (entries, tally) = legend(minima, &statuses, &endings);
        assert_eq!((tally.done, tally.in_minima, tally.stalled), (5, 4, 1));
        assert_eq!(entries[1].runs, 3);
        assert_eq!(entries[1].median_steps, Some(30));
        assert_eq!(entries[0].share, 0.2);
    }

    #[test]
    fn the_lower_median_of_an_even_count_is_the_lower_middle() {
        assert_eq!(lower_median(&[1, 2, 3, 4]), Some(2));
        assert_eq!(lower_median(&[7]), Some(7));
        assert_eq!(lower_median::<u64>(&[]), None);
    }
}
