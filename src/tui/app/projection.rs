//! How the map shows a landscape of more than two parameters: a [`View`] (which two
//! directions) and its current [`Window`] (the plane through the followed run, with the
//! names of its axes). The window follows the selected racer: when the run has left the
//! plane by more than a small fraction of the map's width, the plane is rebuilt through the
//! run's parameters (a view's directions may change with them, as the singularity view's
//! does), so the map is always the loss around where the run is.

use plateau_core::Domain;
use plateau_core::analysis::Scatter;
use plateau_core::geometry::plane::Plane;
use plateau_core::landscape::Landscape;
use plateau_core::views::{View, Window};

/// How far the followed parameters may leave the plane, as a fraction of the map's width,
/// before the plane is rebuilt through them.
pub const FOLLOW_TOLERANCE: f64 = 0.01;

/// A view and its window onto an N-D landscape.
#[derive(Clone, Debug)]
pub struct Projection {
    view: View,
    window: Window,
}

impl Projection {
    /// The projection of `landscape` at `theta` with `view` (`None`: the landscape's
    /// default, its singularity view if it has one, else its first two parameters); `None`
    /// for a 2-D landscape, which is its own plane; an error if the view does not apply.
    pub fn new(
        landscape: &dyn Landscape,
        theta: &[f64],
        view: Option<View>,
    ) -> Result<Option<Self>, String> {
        if let Err(e) = View::applies_to(landscape) {
            return match view {
                Some(_) => Err(e.to_string()),
                None => Ok(None),
            };
        }
        let view = view.unwrap_or_else(|| default_view(landscape));
        let first = first_two(landscape, theta)?;
        let window = view
            .window(landscape, theta, &Scatter::new(theta.len()), &first)
            .map_err(|e| e.to_string())?;
        Ok(Some(Self { view, window }))
    }

    /// Which view this is.
    pub fn view(&self) -> View {
        self.view
    }

    /// The plane and its axis names.
    pub fn window(&self) -> &Window {
        &self.window
    }

    /// The plane the map shows.
    pub fn plane(&self) -> &Plane {
        &self.window.plane
    }

    /// Rebuilds the window through `theta` if `theta` is further than
    /// [`FOLLOW_TOLERANCE`] of `view`'s width from the plane (`trail`: the run so far, for
    /// the principal view); whether it did.
    pub fn follow<'a>(
        &mut self,
        landscape: &dyn Landscape,
        theta: &[f64],
        trail: impl IntoIterator<Item = &'a [f64]>,
        view: &Domain,
    ) -> bool {
        let distance = self.window.plane.distance(theta);
        if distance.is_nan() || distance <= FOLLOW_TOLERANCE * view.width() {
            return false;
        }
        self.rebuild(landscape, theta, trail).is_ok()
    }

    /// Switches to `view` at `theta`; the error says why it does not apply (the projection
    /// is then unchanged).
    pub fn switch<'a>(
        &mut self,
        landscape: &dyn Landscape,
        theta: &[f64],
        trail: impl IntoIterator<Item = &'a [f64]>,
        view: View,
    ) -> Result<(), String> {
        let previous = std::mem::replace(&mut self.view, view);
        let rebuilt = self.rebuild(landscape, theta, trail);
        if rebuilt.is_err() {
            self.view = previous;
        }
        rebuilt
    }

    /// The window of this view through `theta`.
    fn rebuild<'a>(
        &mut self,
        landscape: &dyn Landscape,
        theta: &[f64],
        trail: impl IntoIterator<Item = &'a [f64]>,
    ) -> Result<(), String> {
        let scatter = match self.view {
            View::Principal => Scatter::of(theta.len(), trail),
            _ => Scatter::new(theta.len()),
        };
        self.window = self
            .view
            .window(landscape, theta, &scatter, &self.window)
            .map_err(|e| e.to_string())?;
        Ok(())
    }

    /// The view after this one that applies to `landscape`: its first two parameters, its
    /// singularity view (if it has one), the trajectory's principal directions, random
    /// directions, and round again.
    pub fn next_view(&self, landscape: &dyn Landscape) -> View {
        let has_singular = landscape.has_singular_view();
        let cycle = [
            View::Coordinates(0, 1),
            View::Singular,
            View::Principal,
            View::Random(plateau_core::DEFAULT_SEED),
        ];
        let at = cycle
            .iter()
            .position(|v| std::mem::discriminant(v) == std::mem::discriminant(&self.view))
            .unwrap_or(0);
        (1..=cycle.len())
            .map(|k| cycle[(at + k) % cycle.len()])
            .find(|v| has_singular || *v != View::Singular)
            .unwrap_or(View::Coordinates(0, 1))
    }
}

/// A landscape's own view: its singularity view if it has one (wherever that is defined, so
/// that a start where it is not is the same error with and without `--view singular`), else
/// its first two parameters.
fn default_view(landscape: &dyn Landscape) -> View {
    if landscape.has_singular_view() {
        View::Singular
    } else {
        View::Coordinates(0, 1)
    }
}

/// The window of the first two parameters through `theta`.
fn first_two(landscape: &dyn Landscape, theta: &[f64]) -> Result<Window, String> {
    plateau_core::views::coordinates(landscape.info(), theta, 0, 1).ok_or_else(|| {
        format!(
            "{} has fewer than two parameters to show",
            landscape.info().name
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use plateau_core::landscape::by_name;

    #[test]
    fn a_2d_landscape_has_no_projection_and_refuses_a_view() {
        let neuron = by_name("neuron").unwrap();
        let start = neuron.info().start.clone();
        assert!(
            Projection::new(neuron.as_ref(), &start, None)
                .unwrap()
                .is_none()
        );
        let refused = Projection::new(neuron.as_ref(), &start, Some(View::Principal));
        assert!(refused.unwrap_err().contains("its own plane"));
    }

    #[test]
    fn committee_opens_on_its_singularity_view_and_cycles_through_the_others() {
        let committee = by_name("committee").unwrap();
        let theta = committee.info().start.clone();
        let mut p = Projection::new(committee.as_ref(), &theta, None)
            .unwrap()
            .unwrap();
        assert_eq!(p.view(), View::Singular);
        let mut seen = vec![p.view()];
        for _ in 0..4 {
            let next = p.next_view(committee.as_ref());
            p.switch(committee.as_ref(), &theta, [theta.as_slice()], next)
                .unwrap();
            seen.push(p.view());
        }
        assert_eq!(
            seen,
            [
                View::Singular,
                View::Principal,
                View::Random(plateau_core::DEFAULT_SEED),
                View::Coordinates(0, 1),
                View::Singular
            ]
        );
    }

    #[test]
    fn the_plane_follows_the_run_only_once_it_has_left_it() {
        let committee = by_name("committee").unwrap();
        let theta = committee.info().start.clone();
        let view = committee.info().domain;
        let mut p = Projection::new(committee.as_ref(), &theta, Some(View::Coordinates(0, 1)))
            .unwrap()
            .unwrap();
        let mut near = theta.clone();
        near[4] += 0.5 * FOLLOW_TOLERANCE * view.width();
        assert!(!p.follow(committee.as_ref(), &near, [], &view));
        let mut far = theta.clone();
        far[4] += 2.0 * FOLLOW_TOLERANCE * view.width();
        assert!(p.follow(committee.as_ref(), &far, [], &view));
        assert!(p.plane().distance(&far) < 1e-12);
    }
}
