//! Many runs at once, on every core: the shared batch machinery ([`batch`]), when a run has
//! settled ([`settle`]), which minimum it settled in ([`minima`]), basin maps ([`basins`])
//! and escape ensembles ([`ensemble`]).

pub mod basins;
pub mod batch;
pub mod ensemble;
pub mod minima;
pub mod settle;
