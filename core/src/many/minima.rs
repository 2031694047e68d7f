//! The minima that many runs end in, and how each run's end is classified: the merge rule
//! shared by the basin map and the escape ensemble.
//!
//! **Minima.** The list starts with the landscape's known minima, in its own order. Then the
//! end points of the runs that converged ([`crate::many::settle`]) are taken in item order (cell
//! or copy number, not the order they were computed in), and grouped by single linkage at
//! the capture radius r ([`Rules::capture`]): an end point within r of a member of a group
//! belongs to it, so that the points of one valley of minima (a line of equal loss, as the
//! committee machine has) chain into one group, while minima farther apart than r stay
//! apart. An end point within r of no group starts a new, found minimum at that point; one
//! within r of several joins the group of the nearest member and merges the others into the
//! earliest of them (known minima first), except that two known minima are never merged.
//! Members are kept as a skeleton: an end point becomes a member only if it is more than
//! r/2 from every member of its group, which bounds the work to the number of end points
//! times the number of members.
//!
//! **Status.** A run that converged is in its minimum. A run whose parameters became
//! non-finite diverged. A run that did neither within its steps is in the nearest minimum
//! within the capture radius of where it stopped, if there is one (it was still settling in
//! it); else it is stalled if the plateau detector counted its last step as stalled, and not
//! converged otherwise.

use crate::verdict::CriticalKind;

use crate::landscape::Landscape;
use crate::many::settle::{Ending, Rules};
use crate::num::distance;

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

    /// The one character that stands for the status in a text map (the explorer's map
    /// without colour too): the minima in legend order `A`–`Z`, `a`–`z`, `0`–`9`, then `*`;
    /// `~` stalled, `?` not converged, `#` diverged.
    pub fn symbol(self) -> char {
        const MINIMUM_SYMBOLS: &[u8] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        match self {
            Self::Minimum(i) => MINIMUM_SYMBOLS.get(i).map_or('*', |&b| char::from(b)),
            Self::Stalled => '~',
            Self::NotConverged => '?',
            Self::Diverged => '#',
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

/// The groups of converged end points being formed: minima, a union–find forest over them,
/// and the skeleton of members.
struct Groups {
    minima: Vec<Minimum>,
    known: usize,
    parent: Vec<usize>,
    /// `(point, group)`: the skeleton members.
    members: Vec<(Vec<f64>, usize)>,
    radius: f64,
}

impl Groups {
    /// The root of group `g`.
    fn find(&self, mut g: usize) -> usize {
        while self.parent[g] != g {
            g = self.parent[g];
        }
        g
    }

    /// Merges the groups of `a` and `b` into the earlier one, unless both are known.
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b && (a >= self.known || b >= self.known) {
            self.parent[a.max(b)] = a.min(b);
        }
    }

    /// The root of the group of the member nearest to `theta` within the radius, and its
    /// distance.
    fn nearest(&self, theta: &[f64]) -> Option<(usize, f64)> {
        let mut best: Option<(usize, f64)> = None;
        for (point, group) in &self.members {
            let d = distance(point, theta);
            if d <= self.radius && best.is_none_or(|(_, b)| d < b) {
                best = Some((*group, d));
            }
        }
        best.map(|(g, d)| (self.find(g), d))
    }

    /// Puts the converged end point `theta` into a group (see the module) and returns it.
    fn add(&mut self, landscape: &dyn Landscape, theta: &[f64]) -> usize {
        let Some((group, d)) = self.nearest(theta) else {
            let group = self.minima.len();
            self.minima.push(Minimum {
                position: theta.to_vec(),
                value: landscape.value(theta),
                known: false,
            });
            self.parent.push(group);
            self.members.push((theta.to_vec(), group));
            return group;
        };
        let others: Vec<usize> = (self.members.iter())
            .filter(|(point, _)| distance(point, theta) <= self.radius)
            .map(|(_, g)| *g)
            .collect();
        for other in others {
            self.union(group, other);
        }
        let group = self.find(group);
        if d > 0.5 * self.radius {
            self.members.push((theta.to_vec(), group));
        }
        group
    }
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
    let minima: Vec<Minimum> = (landscape.info().known_points.iter())
        .filter(|k| k.kind == CriticalKind::Minimum)
        .map(|k| Minimum {
            position: k.position.clone(),
            value: k.value,
            known: true,
        })
        .collect();
    let known = minima.len();
    let mut groups = Groups {
        members: (minima.iter().enumerate())
            .map(|(i, m)| (m.position.clone(), i))
            .collect(),
        parent: (0..known).collect(),
        minima,
        known,
        radius: rules.capture,
    };
    let mut raw: Vec<Option<usize>> = vec![None; endings.len()];
    for (i, ending) in endings.iter().enumerate() {
        if ending.is_some_and(|e| e.converged) {
            raw[i] = Some(groups.add(landscape, end(i)));
        }
    }
    for (i, ending) in endings.iter().enumerate() {
        if ending.is_some_and(|e| !e.converged && !e.diverged) {
            raw[i] = groups.nearest(end(i)).map(|(g, _)| g);
        }
    }
    // Number the surviving groups in order: the known minima, then the found ones.
    let roots: Vec<usize> = (0..groups.minima.len())
        .filter(|&g| groups.find(g) == g)
        .collect();
    let mut index = vec![0; groups.minima.len()];
    for (n, &g) in roots.iter().enumerate() {
        index[g] = n;
    }
    let statuses = (endings.iter().zip(&raw))
        .map(|(ending, group)| {
            let ending = ending.as_ref()?;
            Some(match group {
                Some(g) => Status::Minimum(index[groups.find(*g)]),
                None if ending.diverged => Status::Diverged,
                None if ending.stalled => Status::Stalled,
                None => Status::NotConverged,
            })
        })
        .collect();
    let minima = roots.iter().map(|&g| groups.minima[g].clone()).collect();
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

    /// Converged end points at `points`, classified on `landscape`.
    fn groups_of(landscape: &str, points: &[[f64; 2]]) -> (Vec<usize>, Vec<Minimum>) {
        let land = by_name(landscape).unwrap();
        let rules = Rules::for_landscape(land.info());
        let endings = vec![ending(1, true, false); points.len()];
        let (statuses, minima) = classify(land.as_ref(), &rules, &endings, |i| &points[i]);
        let groups = statuses
            .iter()
            .map(|s| s.unwrap().minimum().unwrap())
            .collect();
        (groups, minima)
    }

    #[test]
    fn a_valley_of_minima_chains_into_one_and_bridges_merge_groups() {
        // Capture radius on bowl: 0.085. A line sampled every 0.06 from both ends, then
        // the middle that joins them; and a point far away.
        let mut points: Vec<[f64; 2]> = (0..5).map(|k| [1.0 + 0.06 * f64::from(k), 1.0]).collect();
        points.extend((0..5).map(|k| [2.0 - 0.06 * f64::from(k), 1.0]));
        points.extend((5..13).map(|k| [1.0 + 0.06 * f64::from(k), 1.0]));
        points.push([-2.0, -2.0]);
        let (groups, minima) = groups_of("bowl", &points);
        assert_eq!(minima.len(), 3, "{minima:?}");
        assert!(
            groups[..points.len() - 1].iter().all(|&g| g == 1),
            "{groups:?}"
        );
        assert_eq!(minima[1].position, [1.0, 1.0]);
        assert_eq!(groups[points.len() - 1], 2);
    }

    #[test]
    fn two_known_minima_are_never_merged() {
        // A chain of end points from himmelblau's (3, 2) to (3.584, -1.848).
        let (a, b) = ([3.0, 2.0], [3.5844283403304917, -1.8481265269644036]);
        let points: Vec<[f64; 2]> = (0..=100)
            .map(|k| {
                let t = f64::from(k) / 100.0;
                [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]
            })
            .collect();
        let (groups, minima) = groups_of("himmelblau", &points);
        assert_eq!(minima.len(), 4);
        assert_eq!((groups[0], groups[100]), (0, 1));
    }

    #[test]
    fn the_lower_median_of_an_even_count_is_the_lower_middle() {
        assert_eq!(lower_median(&[1, 2, 3, 4]), Some(2));
        assert_eq!(lower_median(&[7]), Some(7));
        assert_eq!(lower_median::<u64>(&[]), None);
    }
}
