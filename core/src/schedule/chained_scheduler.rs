//! `ChainedScheduler(schedulers)`: every schedule stepped each step, in list order, all on
//! the same lr (so their factors multiply).

use super::{Arg, ArgDefault, ArgKind, Args, Built, Group, Refusal, ScheduleKind, Scheduler};

/// Registry entry.
pub const KIND: ScheduleKind = ScheduleKind {
    name: "ChainedScheduler",
    summary: "the schedules all at once, in order, on the same lr",
    args: &[Arg::new(
        "schedulers",
        ArgKind::Schedules,
        ArgDefault::Required,
    )],
    build,
};

/// Builds ChainedScheduler; it cannot hold ReduceLROnPlateau, which its `step()` would
/// call without a metric.
fn build(args: &Args<'_>) -> Result<Built, Refusal> {
    let specs = args.schedules("schedulers");
    if specs.is_empty() {
        return Err(Refusal::of(
            "schedulers",
            "ChainedScheduler expects at least one scheduler to be chained, but got no \
             scheduler.",
        ));
    }
    let mut members = Vec::with_capacity(specs.len());
    for (i, spec) in specs.iter().enumerate() {
        match spec.build()? {
            Built::Metric(_) => {
                return Err(Refusal::of(
                    "schedulers",
                    format!(
                        "ChainedScheduler cannot hold ReduceLROnPlateau (index {i}): its step() \
                         passes no metric (torch raises TypeError)"
                    ),
                ));
            }
            built => members.push(built.into_scheduler()),
        }
    }
    Ok(Built::Composite(Box::new(ChainedScheduler { members })))
}

/// The member schedules.
struct ChainedScheduler {
    members: Vec<Box<dyn Scheduler>>,
}

impl Scheduler for ChainedScheduler {
    /// The members' constructors, in order; the chain itself leaves the lr alone.
    fn start(&mut self, group: &mut Group) -> Result<(), String> {
        for member in &mut self.members {
            member.start(group)?;
        }
        Ok(())
    }

    fn step(&mut self, group: &mut Group, metric: f64) {
        for member in &mut self.members {
            member.step(group, metric);
        }
    }
}
