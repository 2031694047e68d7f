//! The one plateau on the runs the README quotes: where the loss stops falling, where it
//! escapes, and the quartic's different ending (see `analysis::plateau`).

use plateau_core::DEFAULT_SEED;
use plateau_core::analysis::{PlateauDetector, plateau::Plateau};
use plateau_core::landscape;
use plateau_core::optim::{self, OptimizerSpec, Overrides};
use plateau_core::run::Run;

/// sgd at `lr` on `name` from `start` for `steps` steps: its plateaus and each step's loss.
fn plateaus(name: &str, lr: f64, start: &[f64], steps: u64) -> (Vec<Plateau>, Vec<f64>) {
    let land = landscape::by_name(name).unwrap();
    let spec = crate::sgd_at(land.as_ref(), Some(lr));
    let mut detector = PlateauDetector::for_landscape(land.info());
    let mut run = Run::new(land, spec, start, DEFAULT_SEED).unwrap();
    let mut losses = vec![run.current().loss];
    detector.observe(&run.current());
    for _ in 0..steps {
        let sample = run.step().expect("finite");
        losses.push(sample.loss);
        detector.observe(&sample);
    }
    (detector.plateaus(), losses)
}

#[test]
fn neurons_plateau_starts_at_once_and_ends_at_the_escape() {
    let (found, loss) = plateaus("neuron", 0.05, &[0.01, 9.0], 40_000);
    assert_eq!(found.len(), 1, "{found:?}");
    let p = found[0];
    assert!(p.entry <= 20, "{p:?}");
    assert_eq!(p.entry, 3);
    assert_eq!(p.exit, Some(37_592));
    assert!((p.level - 0.6778).abs() < 1e-4, "{p:?}");
    // The loss stays within 1.2% of the level from the entry until step 35,000.
    assert!((p.entry as usize..35_000).all(|k| (loss[k] - p.level).abs() < 0.012 * p.level));
}

#[test]
fn committees_plateau_starts_within_a_few_percent_of_the_saddle() {
    let (found, loss) = plateaus(
        "committee",
        0.01,
        &landscape::by_name("committee").unwrap().info().start,
        6000,
    );
    assert_eq!(found.len(), 1, "{found:?}");
    let p = found[0];
    let saddle = 1.568e-3;
    let first_near = (loss.iter()).position(|l| *l < 1.03 * saddle).unwrap();
    assert_eq!((p.entry, first_near), (499, 492));
    assert!(loss[499] < 1.03 * saddle);
    // The README's "first below 1.6e-3 at step 520".
    assert_eq!(loss.iter().position(|l| *l < 1.6e-3), Some(520));
    assert!((p.level - 1.5745e-3).abs() < 1e-7, "{p:?}");
    assert_eq!(p.exit, Some(4375));
}

#[test]
fn the_quartic_from_minus_3_ends_in_its_local_minimum_without_a_plateau() {
    let (found, loss) = plateaus("quartic", 0.01, &[-3.0, 0.0], 5000);
    assert!(found.is_empty(), "{found:?}");
    assert!((20..=5000).all(|k| (loss[k] + 27.902434280572102).abs() < 1e-9));
}

#[test]
fn the_saddle_holds_plain_gd_from_its_default_start_until_a_kick() {
    // The default start lies exactly on y = 0: sgd walks into the saddle and stays there
    // (the plateau opens and never closes); one kick sends it away (the plateau's exit).
    let land = landscape::by_name("saddle").unwrap();
    assert_eq!(land.info().start, vec![1.0, 0.0]);
    let kind = optim::by_name("sgd").unwrap();
    let spec = OptimizerSpec::resolve(kind, &Overrides::default(), &land.info().lr).unwrap();
    let mut detector = PlateauDetector::for_landscape(land.info());
    let mut run = Run::new(land.clone(), spec, &land.info().start, DEFAULT_SEED).unwrap();
    for _ in 0..2000 {
        detector.observe(&run.step().expect("finite"));
        assert!(
            run.params()[1].abs() < 1e-12,
            "y left the line: {:?}",
            run.params()
        );
    }
    assert!(
        run.params()[0].abs() < 1e-12,
        "at the saddle: {:?}",
        run.params()
    );
    let open = detector.open().expect("held on the saddle");
    assert!(detector.last_escape().is_none(), "{open:?}");
    // Its level is the loss where |∇L| first fell below 1e-3: the saddle's 0, nearly.
    assert_eq!(open.entry, 97);
    assert!(open.level > 0.0 && open.level < 3e-7, "{open:?}");
    run.kick(0.01);
    for _ in 0..1000 {
        match run.step() {
            Some(sample) => detector.observe(&sample),
            None => break,
        }
    }
    assert!(
        run.params()[1].abs() > 1.0,
        "the kick sent it away: {:?}",
        run.params()
    );
    let escape = detector.last_escape().expect("escaped after the kick");
    assert_eq!(escape.plateau.entry, open.entry);
}
