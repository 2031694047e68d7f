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
