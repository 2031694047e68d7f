//! Every integration test of this crate in one binary, so the dependencies are linked once
//! rather than once per file. Each module is one former test file.

mod basins;
mod committee;
mod ensemble;
mod expr;
mod landscapes;
mod neuron;
mod optimizers;
mod overlap_plateau;
mod plateaus;
mod rprop;
mod schedule_props;
mod schedules;
mod seed;
mod theory;
mod theory_reference;
mod torch_cases;

/// sgd on `land` at learning rate `lr` (`None`: the landscape's suggestion), its other
/// hyperparameters at their defaults: the run most of these tests follow.
pub fn sgd_at(
    land: &dyn plateau_core::Landscape,
    lr: Option<f64>,
) -> plateau_core::optim::OptimizerSpec {
    let overrides = plateau_core::optim::Overrides {
        lr,
        ..Default::default()
    };
    let sgd = plateau_core::optim::by_name("sgd").unwrap();
    plateau_core::optim::OptimizerSpec::resolve(sgd, &overrides, &land.info().lr).unwrap()
}
