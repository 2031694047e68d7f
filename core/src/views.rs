//! The views of a landscape with many parameters: the 2-D windows the explorer shows, each a
//! [`Plane`] through the current parameters θ with axes that say what they are.
//!
//! - **Coordinates** `(i, j)`: θᵢ against θⱼ, every other parameter held ([`coordinates`]).
//! - **Singular**: the model's own view of its singular region ([`singular`], from
//!   [`Landscape::singular_view`]); for committee, the direction that splits w1 from w2
//!   against v1 − v2, so that u = 0 is the region where the two units are copies.
//! - **Principal**: the top two principal directions of the trajectory so far ([`principal`],
//!   PCA of the trail, as loss-landscape papers draw optimizer paths).
//! - **Random**: two seeded Gaussian directions, filter-normalised (Li et al. 2018:
//!   "Visualizing the Loss Landscape of Neural Nets"; [`random`]).
//!
//! Every plane passes through θ and uses its directions' own coordinates
//! ([`Plane::spanned`]): θ is at (θ·d̂₁, θ·d̂₂). Where a view cannot be built as asked (a
//! trail too short or straight for two principal directions, a θ that is zero on every
//! filter) it falls back and says so in [`Window::note`]; where it cannot be built at all
//! (no singularity view, parameters out of range) [`View::window`] returns the error to show.
//! Nothing here allocates per point of the trail or per pixel of the map.

use crate::analysis::Scatter;
use crate::error::{Error, Result};
use crate::geometry::plane::Plane;
pub use crate::geometry::window::Window;
use crate::landscape::{Landscape, LandscapeInfo};
use crate::num::dot;
use crate::{DEFAULT_SEED, seeded_rng};
use rand_distr::{Distribution, StandardNormal};
use std::ops::Range;

/// Which view to show (what `--view` and the explorer's view key choose).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// Parameters `i` and `j`.
    Coordinates(usize, usize),
    /// The model's singularity view.
    Singular,
    /// The trajectory's top two principal directions.
    Principal,
    /// Two filter-normalised Gaussian directions drawn from this seed.
    Random(u64),
}

impl View {
    /// Whether views apply to `landscape`: only to models of more than two parameters; a
    /// 2-D landscape is its own plane.
    pub fn applies_to(landscape: &dyn Landscape) -> Result<()> {
        match landscape.surface() {
            Some(_) => Err(Error::Unsupported(format!(
                "views are for models of more than two parameters: {} is its own plane",
                landscape.info().name
            ))),
            None => Ok(()),
        }
    }

    /// Reads a view: two parameter names `A,B` (e.g. `w1_1,w2_1`), `singular`, `pca` (or
    /// `principal`), `random` (seed 42) or `random:SEED`.
    pub fn parse(text: &str, info: &LandscapeInfo) -> Result<Self> {
        let text = text.trim();
        match text {
            "singular" => return Ok(Self::Singular),
            "pca" | "principal" => return Ok(Self::Principal),
            "random" => return Ok(Self::Random(DEFAULT_SEED)),
            _ => {}
        }
        if let Some(seed) = text.strip_prefix("random:") {
            return (seed.trim().parse().map(Self::Random)).map_err(|_| {
                Error::Parse(format!(
                    "expected random:SEED (a whole number), got '{text}'"
                ))
            });
        }
        let index = |name: &str| info.parameters.iter().position(|p| p == name.trim());
        match text.split_once(',') {
            Some((a, b)) => match (index(a), index(b)) {
                (Some(i), Some(j)) if i != j => Ok(Self::Coordinates(i, j)),
                _ => Err(Error::Parse(format!(
                    "expected two different parameters of {} ({}), got '{text}'",
                    info.name,
                    info.parameters.join(", ")
                ))),
            },
            None => Err(Error::Parse(format!(
                "expected a view: two parameters A,B of {} ({}), singular, pca, random or \
                 random:SEED; got '{text}'",
                info.name,
                info.parameters.join(", ")
            ))),
        }
    }

    /// The view as [`View::parse`] reads it.
    pub fn name(&self, info: &LandscapeInfo) -> String {
        match *self {
            Self::Coordinates(i, j) => {
                let name = |k: usize| info.parameters.get(k).map_or("?", String::as_str);
                format!("{},{}", name(i), name(j))
            }
            Self::Singular => "singular".into(),
            Self::Principal => "pca".into(),
            Self::Random(seed) => format!("random:{seed}"),
        }
    }

    /// The window of this view onto `landscape` at `theta`. `trail` is the trajectory so
    /// far (used by [`View::Principal`] only); `previous` is the window shown until now,
    /// which a principal view keeps while the trail does not determine its directions (if
    /// it belongs to another landscape, of another dimension, the first two coordinates
    /// stand in for it).
    pub fn window(
        &self,
        landscape: &dyn Landscape,
        theta: &[f64],
        trail: &Scatter,
        previous: &Window,
    ) -> Result<Window> {
        let info = landscape.info();
        let window = match *self {
            Self::Coordinates(i, j) => coordinates(info, theta, i, j),
            Self::Singular => singular(landscape, theta),
            Self::Principal if previous.plane.dim() == theta.len() => {
                Some(principal(trail, theta, previous))
            }
            Self::Principal => {
                coordinates(info, theta, 0, 1).map(|first| principal(trail, theta, &first))
            }
            Self::Random(seed) => random(landscape, theta, seed),
        };
        window.ok_or_else(|| {
            Error::Unsupported(match self {
                Self::Singular if landscape.has_singular_view() => format!(
                    "{}'s singularity view is not defined at these parameters: its directions \
                     are not finite there",
                    info.name
                ),
                Self::Singular => format!("{} has no singularity view", info.name),
                _ => format!("view {} does not apply to {}", self.name(info), info.name),
            })
        })
    }
}

/// The plane of parameters `i` and `j` through `theta`, its axes named after them; `None`
/// if `i == j` or either is out of range.
pub fn coordinates(info: &LandscapeInfo, theta: &[f64], i: usize, j: usize) -> Option<Window> {
    let plane = Plane::coordinates(theta, i, j)?;
    Some(Window {
        plane,
        axes: [
            info.parameters.get(i)?.clone(),
            info.parameters.get(j)?.clone(),
        ],
        note: None,
    })
}

/// The model's singularity view at `theta` ([`Landscape::singular_view`]); `None` for
/// landscapes without one.
pub fn singular(landscape: &dyn Landscape, theta: &[f64]) -> Option<Window> {
    landscape.singular_view(theta)
}

/// The plane through `theta` of the top two principal directions of `trail` (u along the
/// direction of largest spread, oriented from the trail's oldest point towards its newest).
///
/// Fallbacks, each with a [`Window::note`]: a trail on a line (or of two distinct points)
/// gives only the first direction, and the second is whichever of `previous`'s directions
/// is less parallel to it, made orthogonal to it; a trail of fewer than two distinct points
/// gives no direction, and the window is `previous` moved through θ.
pub fn principal(trail: &Scatter, theta: &[f64], previous: &Window) -> Window {
    let pca = trail.principal();
    let percent = |k: usize| format!("PC{} {:.0}%", k + 1, 100.0 * pca.explained[k]);
    if pca.rank == 2
        && let Some(plane) = Plane::spanned(theta, &pca.directions[0], &pca.directions[1])
    {
        return Window {
            plane,
            axes: [percent(0), percent(1)],
            note: None,
        };
    }
    if pca.rank >= 1 {
        let d1 = &pca.directions[0];
        let [a, b] = [previous.plane.d1(), previous.plane.d2()];
        let (other, label) = if dot(a, d1).abs() <= dot(b, d1).abs() {
            (a, &previous.axes[0])
        } else {
            (b, &previous.axes[1])
        };
        if let Some(plane) = Plane::spanned(theta, d1, other) {
            let label = if dot(other, d1).abs() > 1e-12 {
                format!("{label} ⊥ PC1")
            } else {
                label.clone()
            };
            return Window {
                plane,
                axes: [percent(0), label],
                note: Some("the trail is a straight line: one principal direction".into()),
            };
        }
    }
    Window {
        plane: previous.plane.through(theta),
        axes: previous.axes.clone(),
        note: Some("the trail has fewer than two distinct points: no principal direction".into()),
    }
}

/// Two Gaussian directions drawn from `seed` (the first direction's coordinates, then the
/// second's), each filter-normalised to θ by [`filter_normalise`] with the landscape's
/// [`Landscape::filters`], then orthonormalised (Gram–Schmidt) into a plane through θ.
///
/// Li et al. plot θ + α·d₁ + β·d₂ for α, β ∈ [−1, 1] with the normalised directions, whose
/// length is |θ| when the filters cover every parameter; here the directions are unit
/// vectors, so that window is |u|, |v| ≤ |θ|. Where θ is zero on too many filters for two
/// independent directions to remain, the plain Gaussian directions are used (with a
/// [`Window::note`]). `None` only for fewer than two parameters.
pub fn random(landscape: &dyn Landscape, theta: &[f64], seed: u64) -> Option<Window> {
    let dim = theta.len();
    let mut rng = seeded_rng(seed);
    let mut gaussian =
        || -> Vec<f64> { (0..dim).map(|_| StandardNormal.sample(&mut rng)).collect() };
    let (g1, g2) = (gaussian(), gaussian());
    let filters = landscape.filters();
    let (mut d1, mut d2) = (g1.clone(), g2.clone());
    filter_normalise(&mut d1, theta, &filters);
    filter_normalise(&mut d2, theta, &filters);
    let axes = [
        format!("random 1 (seed {seed})"),
        format!("random 2 (seed {seed})"),
    ];
    if let Some(plane) = Plane::spanned(theta, &d1, &d2) {
        return Some(Window {
            plane,
            axes,
            note: None,
        });
    }
    Some(Window {
        plane: Plane::spanned(theta, &g1, &g2)?,
        axes,
        note: Some("θ is zero on too many filters to normalise: plain Gaussian directions".into()),
    })
}

/// Li et al.'s filter normalisation of a direction `d` to the parameters `theta`: each
/// filter's part of `d` is rescaled to the length of the same filter of θ (a filter of θ
/// that is zero makes that part zero); coordinates in no filter are set to zero. Ranges
/// beyond the dimension are cut to it.
pub fn filter_normalise(d: &mut [f64], theta: &[f64], filters: &[Range<usize>]) {
    let dim = d.len().min(theta.len());
    for (k, x) in d.iter_mut().enumerate().take(dim) {
        if !filters.iter().any(|f| f.contains(&k)) {
            *x = 0.0;
        }
    }
    for f in filters {
        let f = f.start.min(dim)..f.end.min(dim);
        let (part, reference) = (&mut d[f.clone()], &theta[f]);
        let length = dot(part, part).sqrt();
        let target = dot(reference, reference).sqrt();
        let scale = if length > 0.0 { target / length } else { 0.0 };
        part.iter_mut().for_each(|x| *x *= scale);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::landscape::by_name;

    fn committee() -> std::sync::Arc<dyn Landscape> {
        by_name("committee").unwrap()
    }

    #[test]
    fn views_parse_and_name_themselves() {
        let land = committee();
        let info = land.info();
        for (text, view) in [
            ("w1_1,w2_1", View::Coordinates(1, 3)),
            (" v2 , w1_0 ", View::Coordinates(5, 0)),
            ("singular", View::Singular),
            ("pca", View::Principal),
            ("random", View::Random(DEFAULT_SEED)),
            ("random:7", View::Random(7)),
        ] {
            let parsed = View::parse(text, info).unwrap();
            assert_eq!(parsed, view, "{text}");
            assert_eq!(View::parse(&parsed.name(info), info).unwrap(), view);
        }
        assert_eq!(View::Principal.name(info), "pca");
        for bad in ["w1_1,w1_1", "x,y", "w1_1", ""] {
            let err = View::parse(bad, info).unwrap_err().to_string();
            assert!(err.contains("w1_0, w1_1"), "{bad}: {err}");
        }
        let err = View::parse("random:x", info).unwrap_err().to_string();
        assert!(err.contains("random:SEED"), "{err}");
    }

    #[test]
    fn coordinate_windows_name_their_axes() {
        let land = committee();
        let theta = land.info().start.clone();
        let w = coordinates(land.info(), &theta, 1, 3).unwrap();
        assert_eq!(w.axes, ["w1_1", "w2_1"]);
        assert_eq!(w.plane.project(&theta), crate::Point::new(0.11, 0.09));
        assert!(coordinates(land.info(), &theta, 1, 6).is_none());
    }

    #[test]
    #[expect(clippy::single_range_in_vec_init, reason = "lists of one filter")]
    fn filter_normalisation_gives_each_filter_the_length_of_thetas() {
        let theta = [3.0, 4.0, 0.0, 0.0, 1.0, 0.0];
        let mut d = [1.0, 1.0, 2.0, -1.0, -0.5, 0.5];
        filter_normalise(&mut d, &theta, &[0..2, 2..4, 4..6]);
        let s = std::f64::consts::FRAC_1_SQRT_2;
        let expected = [5.0 * s, 5.0 * s, 0.0, 0.0, -s, s];
        for (a, b) in d.iter().zip(expected) {
            assert!((a - b).abs() < 1e-15, "{d:?}");
        }
        // Outside every filter: zero. One filter over everything: length |θ|.
        let close = |a: [f64; 3], b: [f64; 3]| a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-14);
        let mut d = [1.0, 2.0, 2.0];
        filter_normalise(&mut d, &[0.0, 6.0, 8.0], &[1..3]);
        assert!(close(d, [0.0, 10.0 * s, 10.0 * s]), "{d:?}");
        let mut d = [1.0, 2.0, 2.0];
        filter_normalise(&mut d, &[0.0, 6.0, 8.0], &[0..9]);
        assert!(close(d, [10.0 / 3.0, 20.0 / 3.0, 20.0 / 3.0]), "{d:?}");
    }

    #[test]
    fn random_windows_are_seeded_filter_normalised_and_pass_through_theta() {
        let land = committee();
        let theta = [1.4, 0.1, 1.5, -0.1, 0.2, 2.0];
        let w = random(land.as_ref(), &theta, 7).unwrap();
        assert_eq!(
            w,
            random(land.as_ref(), &theta, 7).unwrap(),
            "deterministic"
        );
        assert_ne!(w.plane, random(land.as_ref(), &theta, 8).unwrap().plane);
        assert!(w.note.is_none());
        assert!(w.plane.distance(&theta) < 1e-14);
        assert!(dot(w.plane.d1(), w.plane.d2()).abs() < 1e-15);
        // d₁ is the filter-normalised draw, made a unit vector: its filters' lengths are
        // in the ratios of θ's (|w1| : |w2| : |v|).
        let d1 = w.plane.d1();
        let length = |r: Range<usize>| dot(&d1[r.clone()], &d1[r]).sqrt();
        let theta_length = |r: Range<usize>| dot(&theta[r.clone()], &theta[r]).sqrt();
        let ratio = length(4..6) / length(0..2);
        assert!((ratio - theta_length(4..6) / theta_length(0..2)).abs() < 1e-12);
        let ratio = length(2..4) / length(0..2);
        assert!((ratio - theta_length(2..4) / theta_length(0..2)).abs() < 1e-12);
        // With θ = 0 nothing is left to normalise to: plain Gaussian directions, said so.
        let w = random(land.as_ref(), &[0.0; 6], 7).unwrap();
        assert!(w.note.is_some());
        // A 2-D landscape (one filter: the whole vector) gets a rotation of its plane.
        let bowl = by_name("bowl").unwrap();
        let w = random(bowl.as_ref(), &[0.0, 1.0], 1).unwrap();
        assert!(w.note.is_none() && w.plane.distance(&[3.0, -2.0]) < 1e-12);
    }

    #[test]
    fn principal_windows_fall_back_to_the_previous_view_and_say_so() {
        let land = committee();
        let theta = land.info().start.clone();
        let previous = coordinates(land.info(), &theta, 0, 1).unwrap();
        // No trail, one point, the same point twice: the previous view through θ.
        for points in [
            vec![],
            vec![theta.clone()],
            vec![theta.clone(), theta.clone()],
        ] {
            let trail = Scatter::of(6, points.iter().map(Vec::as_slice));
            let w = principal(&trail, &theta, &previous);
            assert_eq!(w.plane, previous.plane.through(&theta));
            assert_eq!(w.axes, previous.axes);
            assert!(w.note.is_some());
        }
        // A straight trail along w1_0 + w1_1: PC1 is that line, and the second axis the
        // previous view's direction less parallel to it (here equally parallel: the first,
        // w1_0, made orthogonal).
        let points: Vec<Vec<f64>> = (0..5)
            .map(|k| {
                let mut p = theta.clone();
                p[0] += 0.1 * f64::from(k);
                p[1] += 0.1 * f64::from(k);
                p
            })
            .collect();
        let trail = Scatter::of(6, points.iter().map(Vec::as_slice));
        let w = principal(&trail, &theta, &previous);
        let s = std::f64::consts::FRAC_1_SQRT_2;
        assert!((w.plane.d1()[0] - s).abs() < 1e-12 && (w.plane.d1()[1] - s).abs() < 1e-12);
        assert!((w.plane.d2()[0] - s).abs() < 1e-12 && (w.plane.d2()[1] + s).abs() < 1e-12);
        assert_eq!(w.axes, ["PC1 100%", "w1_0 ⊥ PC1"]);
        assert!(w.note.is_some() && w.plane.distance(&theta) < 1e-15);
        // A trail that turns: two principal directions, no note.
        let mut turned = points.clone();
        turned.push({
            let mut p = theta.clone();
            p[5] += 0.3;
            p
        });
        let trail = Scatter::of(6, turned.iter().map(Vec::as_slice));
        let w = View::Principal
            .window(land.as_ref(), &theta, &trail, &previous)
            .unwrap();
        assert!(w.note.is_none(), "{w:?}");
        assert!(w.axes[0].starts_with("PC1") && w.axes[1].starts_with("PC2"));
        assert!(w.plane.distance(&theta) < 1e-14);
        // A previous window of another landscape: the first two coordinates stand in.
        let bowl = by_name("bowl").unwrap();
        let other = coordinates(bowl.info(), &[0.0, 0.0], 0, 1).unwrap();
        let w = View::Principal
            .window(land.as_ref(), &theta, &Scatter::new(6), &other)
            .unwrap();
        assert_eq!(w.plane, previous.plane.through(&theta));
        assert_eq!(w.axes, ["w1_0", "w1_1"]);
    }

    #[test]
    fn a_singularity_view_that_is_not_finite_here_says_so_not_that_there_is_none() {
        for name in crate::landscape::names() {
            let landscape = by_name(name).unwrap();
            let start = landscape.info().start.clone();
            assert_eq!(
                landscape.has_singular_view(),
                landscape.singular_view(&start).is_some(),
                "{}",
                landscape.info().name
            );
        }
        let committee = by_name("committee").unwrap();
        let theta = [1e300, -1e300, 1e300, -1e300, 1e300, -1e300];
        let previous = coordinates(committee.info(), &theta, 0, 1).unwrap();
        let err = View::Singular
            .window(committee.as_ref(), &theta, &Scatter::new(6), &previous)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "committee's singularity view is not defined at these parameters: its directions \
             are not finite there"
        );
    }

    #[test]
    fn views_that_do_not_apply_say_so() {
        let bowl = by_name("bowl").unwrap();
        let theta = [1.0, 1.0];
        let previous = coordinates(bowl.info(), &theta, 0, 1).unwrap();
        let err = View::Singular
            .window(bowl.as_ref(), &theta, &Scatter::new(2), &previous)
            .unwrap_err();
        assert_eq!(err.to_string(), "bowl has no singularity view");
        let err = View::Coordinates(0, 2)
            .window(bowl.as_ref(), &theta, &Scatter::new(2), &previous)
            .unwrap_err();
        assert_eq!(err.to_string(), "view x,? does not apply to bowl");
    }
}
