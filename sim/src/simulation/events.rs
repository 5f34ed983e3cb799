//! The discrete-event queue: what happens next on the simulated clock.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::time::Millis;

/// A pod's slot in the pod table, and the generation that tells a reused slot from its
/// earlier pod.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct PodKey {
    pub(crate) index: u32,
    pub(crate) generation: u32,
}

/// Something that happens at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Event {
    /// A node's ipamd runs its loop (its start the first time).
    Tick { node: usize },
    /// A running pod ends and is replaced.
    PodEnds { pod: PodKey },
    /// A node group's schedule changes its node count.
    NodeCount { group: usize, count: u32 },
    /// A workload's schedule changes its pod count.
    PodCount { workload: usize, count: u32 },
    /// An Auto Scaling group tries again to launch nodes it could not.
    LaunchRetry { group: usize },
    /// A background interface is replaced (or, after a failure, created again).
    TenantChurn { tenant: usize, slot: usize },
    /// The timeline takes a sample.
    Sample,
}

/// Events in time order; at one moment, samples last (so that they see the moment's changes)
/// and otherwise in the order they were scheduled.
#[derive(Debug, Default)]
pub(crate) struct Queue {
    heap: BinaryHeap<Reverse<(Millis, bool, u64, Event)>>,
    scheduled: u64,
}

impl Queue {
    /// Schedules `event` at `at`.
    pub(crate) fn push(&mut self, at: Millis, event: Event) {
        self.scheduled += 1;
        let is_sample = matches!(event, Event::Sample);
        self.heap
            .push(Reverse((at, is_sample, self.scheduled, event)));
    }

    /// The next event, if it is due at or before `until`.
    pub(crate) fn pop_until(&mut self, until: Millis) -> Option<(Millis, Event)> {
        match self.heap.peek() {
            Some(Reverse((at, ..))) if *at <= until => self
                .heap
                .pop()
                .map(|Reverse((at, _, _, event))| (at, event)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_come_in_time_order_samples_last_then_in_scheduling_order() {
        let mut queue = Queue::default();
        queue.push(10, Event::Sample);
        queue.push(10, Event::Tick { node: 2 });
        queue.push(5, Event::LaunchRetry { group: 0 });
        queue.push(10, Event::Tick { node: 1 });
        queue.push(20, Event::Sample);
        let mut order = Vec::new();
        while let Some(event) = queue.pop_until(10) {
            order.push(event);
        }
        assert_eq!(
            order,
            vec![
                (5, Event::LaunchRetry { group: 0 }),
                (10, Event::Tick { node: 2 }),
                (10, Event::Tick { node: 1 }),
                (10, Event::Sample),
            ]
        );
        assert_eq!(queue.pop_until(19), None);
        assert_eq!(queue.pop_until(20), Some((20, Event::Sample)));
    }
}
