//! `SequentialLR(schedulers, milestones)`: one schedule after another, switching at each
//! milestone, where the next one starts from its closed form at 0 (so the lr may jump).

use super::{
    Arg, ArgDefault, ArgKind, Args, Built, EpochScheduler, Group, Refusal, ScheduleKind, Scheduler,
    bisect_right,
};

/// Registry entry.
pub const KIND: ScheduleKind = ScheduleKind {
    name: "SequentialLR",
    summary: "the schedules one after another, switching at the milestones",
    args: &[
        Arg::new("schedulers", ArgKind::Schedules, ArgDefault::Required),
        Arg::new("milestones", ArgKind::Ints, ArgDefault::Required),
    ],
    build,
};

/// Builds SequentialLR; refuses what torch refuses, and members that are themselves
/// composites (torch fails on them).
fn build(args: &Args<'_>) -> Result<Built, Refusal> {
    let specs = args.schedules("schedulers");
    let milestones = args.ints("milestones");
    if specs.is_empty() {
        return Err(Refusal::of(
            "schedulers",
            "SequentialLR expects at least one scheduler, but got no scheduler.",
        ));
    }
    let mut members = Vec::with_capacity(specs.len());
    for (i, spec) in specs.iter().enumerate() {
        match spec.build()? {
            Built::Epochs(s) => members.push(s),
            Built::Metric(_) => {
                return Err(Refusal::of(
                    "schedulers",
                    format!(
                        "SequentialLR does not support `ReduceLROnPlateau` scheduler as it \
                         requires additional kwargs to be specified when calling `step`, but \
                         got one at index {i} in the given schedulers sequence."
                    ),
                ));
            }
            Built::Composite(_) => {
                return Err(Refusal::of(
                    "schedulers",
                    format!(
                        "SequentialLR cannot hold {} (index {i}): torch cannot rewind or \
                         restart a composite",
                        spec.kind.name
                    ),
                ));
            }
        }
    }
    if milestones.len() != members.len() - 1 {
        return Err(Refusal::of(
            "milestones",
            format!(
                "Sequential Schedulers expects number of schedulers provided to be one more \
                 than the number of milestone points, but got number of schedulers {} and the \
                 number of milestones to be equal to {}",
                members.len(),
                milestones.len()
            ),
        ));
    }
    Ok(Built::Composite(Box::new(SequentialLr {
        members,
        milestones,
        last_epoch: 0,
    })))
}

/// The member schedules and where each takes over.
struct SequentialLr {
    members: Vec<Box<dyn EpochScheduler>>,
    milestones: Vec<i64>,
    last_epoch: i64,
}

impl Scheduler for SequentialLr {
    /// The members' constructors in order, then torch's reset: the lr back to `initial_lr`,
    /// every member's step undone, and the first member's initial step again.
    fn start(&mut self, group: &mut Group) -> Result<(), String> {
        for member in &mut self.members {
            member.start(group)?;
        }
        group.lr = group.initial_lr.unwrap_or(group.lr);
        for member in &mut self.members {
            member.rewind();
        }
        self.members[0].step(group, f64::NAN);
        self.last_epoch = 0;
        Ok(())
    }

    fn step(&mut self, group: &mut Group, metric: f64) {
        self.last_epoch += 1;
        let i = bisect_right(&self.milestones, self.last_epoch);
        if i > 0 && self.milestones[i - 1] == self.last_epoch {
            self.members[i].restart(group);
        } else {
            self.members[i].step(group, metric);
        }
    }
}
