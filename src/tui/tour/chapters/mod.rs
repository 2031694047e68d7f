//! The chapters, one file each: the prose in both languages and the scene.

pub mod bowl;
pub mod committee;
pub mod escapes;
pub mod flat;
pub mod neuron;
pub mod quartic;
pub mod saddle;
pub mod takeaway;
