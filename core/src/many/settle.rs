//! Running one start to its end: the convergence rule shared by the basin map and the
//! escape ensemble, and how a run ended before its end point is matched to a minimum
//! ([`crate::many::minima`]).
//!
//! **Convergence.** A run has converged at the first step k (k = 0 is the start) at which
//! the verdict says it has [`converged`] (|∇L(θₖ)| ≤ 1e-6), the loss is finite (a point where
//! the loss is undefined is never a minimum, whatever its gradient says) and the Hessian at θₖ has no
//! descent direction ([`has_descent_direction`]; a Hessian that is not finite does not count
//! as one): the verdict's "at a minimum". The Hessian is evaluated once each time a run
//! enters the region where it has converged, so a run that slows down on a saddle is not
//! stopped there; it goes on, and leaves or ends stalled. A run stops when it has converged,
//! when its parameters become non-finite (it diverged), or after the given number of steps.

use crate::analysis::{PlateauDetector, Spectrum};
use crate::landscape::{Landscape, LandscapeInfo};
use crate::run::Run;
use crate::verdict::{converged, has_descent_direction};

/// The default capture radius, as a fraction of the diagonal of the landscape's default
/// domain.
pub const DEFAULT_CAPTURE: f64 = 0.01;

/// How near a minimum a run's end must be to count as in it (when it has converged is the
/// verdict's: see the module).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rules {
    /// The distance (in parameter space) within which an end point belongs to a minimum,
    /// and within which converged end points are merged into one minimum.
    pub capture: f64,
}

impl Rules {
    /// The default rules for a landscape: a capture radius of 1% of the diagonal of its
    /// default domain, whatever part of it is viewed (so that zooming in does not split one
    /// minimum into several).
    pub fn for_landscape(info: &LandscapeInfo) -> Self {
        Self {
            capture: DEFAULT_CAPTURE * info.domain.width().hypot(info.domain.height()),
        }
    }
}

/// How a run ended, before its end point is matched to a minimum.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ending {
    /// Steps taken: the step at which it converged or diverged, else all of them.
    pub steps: u64,
    /// It converged (see the module's rule).
    pub converged: bool,
    /// Its parameters became non-finite.
    pub diverged: bool,
    /// Neither, and the plateau detector ([`PlateauDetector::for_landscape`]) counted its
    /// last step as stalled: |∇L| < 1e-3 with the loss more than 1e-2 above the best known.
    pub stalled: bool,
}

/// Steps `run` until it converges, diverges or has taken `steps` steps in all, calling
/// `after_step` after every step (an ensemble's kicks); returns how it ended.
pub fn settle(run: &mut Run, steps: u64, mut after_step: impl FnMut(&mut Run)) -> Ending {
    let landscape = run.landscape().clone();
    let mut detector = PlateauDetector::for_landscape(landscape.info());
    let mut inside = false;
    loop {
        let sample = run.current();
        detector.observe(&sample);
        let ending = |converged, diverged| Ending {
            steps: sample.step,
            converged,
            diverged,
            stalled: false,
        };
        if run.diverged_at().is_some() {
            return ending(false, true);
        }
        if converged(sample.grad_norm) && sample.loss.is_finite() {
            if !inside && no_descent_direction(landscape.as_ref(), run.params()) {
                return ending(true, false);
            }
            inside = true;
        } else {
            inside = false;
        }
        if sample.step >= steps {
            return Ending {
                stalled: detector.stalled() > 0,
                ..ending(false, false)
            };
        }
        run.step();
        after_step(run);
    }
}

/// Whether the Hessian at `theta` has no descent direction (the verdict's; a Hessian that
/// is not finite has none).
fn no_descent_direction(landscape: &dyn Landscape, theta: &[f64]) -> bool {
    Spectrum::of(&landscape.hessian(theta)).is_none_or(|s| !has_descent_direction(&s.eigenvalues))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::landscape::by_name;
    use crate::optim::{self, OptimizerSpec, Overrides};

    fn run(landscape: &str, start: &[f64], lr: f64) -> Run {
        let land = by_name(landscape).unwrap();
        let overrides = Overrides {
            lr: Some(lr),
            ..Overrides::default()
        };
        let spec =
            OptimizerSpec::resolve(optim::by_name("sgd").unwrap(), &overrides, &land.info().lr)
                .unwrap();
        Run::new(land, spec, start, 1).unwrap()
    }

    #[test]
    fn a_run_into_a_minimum_converges_there() {
        let mut r = run("bowl", &[1.0, 1.0], 0.1);
        let end = settle(&mut r, 10_000, |_| {});
        assert!(end.converged && !end.diverged && !end.stalled, "{end:?}");
        assert!(end.steps > 0 && end.steps < 10_000);
        assert!(converged(r.current().grad_norm));
    }

    #[test]
    fn a_run_through_a_saddle_is_not_stopped_there() {
        // sgd from (1, 1e-15) on x² − y² slides into the saddle (|∇L| < 1e-6 around step
        // 85), then leaves along y.
        let mut r = run("saddle", &[1.0, 1e-15], 0.1);
        let end = settle(&mut r, 250, |_| {});
        assert!(!end.converged && !end.diverged, "{end:?}");
        assert_eq!(end.steps, 250);
        assert!(r.params()[1].abs() > 1.0);
    }

    #[test]
    fn a_run_that_overflows_diverged() {
        let mut r = run("rosenbrock", &[-1.5, 2.0], 0.1);
        let end = settle(&mut r, 1000, |_| {});
        assert!(end.diverged && !end.converged, "{end:?}");
        assert_eq!(Some(end.steps), r.diverged_at());
    }

    /// A loss that is NaN everywhere with a zero gradient (what `0/0` used to give).
    struct Undefined;

    impl crate::landscape::Formula for Undefined {
        fn eval<D: num_dual::DualNum<Primitive = f64> + Copy>(&self, _x: D, _y: D) -> D {
            D::from(f64::NAN)
        }

        fn gradient(&self, _p: crate::Point) -> Option<crate::Point> {
            Some(crate::Point::zeros())
        }
    }

    #[test]
    fn a_point_where_the_loss_is_undefined_never_converges() {
        let bowl = by_name("bowl").unwrap();
        let land: std::sync::Arc<dyn Landscape> = std::sync::Arc::new(
            crate::landscape::Smooth::new(Undefined, bowl.info().clone()),
        );
        let spec = OptimizerSpec::resolve(
            optim::by_name("sgd").unwrap(),
            &Overrides::default(),
            &land.info().lr,
        )
        .unwrap();
        let mut r = Run::new(land, spec, &[1.0, 1.0], 1).unwrap();
        let end = settle(&mut r, 10, |_| {});
        assert!(!end.converged && !end.diverged, "{end:?}");
        assert_eq!(end.steps, 10);
    }

    #[test]
    fn a_run_still_on_the_plateau_is_stalled() {
        let mut r = run("neuron", &[0.01, 9.0], 0.05);
        let end = settle(&mut r, 1000, |_| {});
        assert!(end.stalled && !end.converged && !end.diverged, "{end:?}");
    }
}
