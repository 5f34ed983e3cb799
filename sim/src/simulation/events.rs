//! The discrete-event queue: what happens next on the simulated clock.

use std::collections::{BTreeMap, VecDeque};

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

/// An event's place in the order: its time; at one moment, samples last (so that they see the
/// moment's changes), others in the order they were scheduled.
type Key = (Millis, bool, u64);

/// Events in time order. Most events are nodes' periodic ticks, each due one period after the
/// tick that schedules it: they come due in the order they are scheduled, so they wait in a
/// first-in first-out queue. The rest (mostly pods' ends, far ahead) wait in buckets of a
/// second, each sorted only when the clock reaches it: a heap of hundreds of thousands of
/// far-off events costs a cache miss per level at every pop.
#[derive(Debug, Default)]
pub(crate) struct Queue {
    /// The earliest bucket's events, sorted, and any scheduled into it since.
    near: VecDeque<(Key, Event)>,
    /// The bucket `near` holds.
    near_bucket: Millis,
    /// Later events by bucket, unsorted.
    later: BTreeMap<Millis, Vec<(Key, Event)>>,
    periodic: VecDeque<(Key, Event)>,
    scheduled: u64,
}

/// The span of one bucket of `Queue::later`.
const BUCKET: Millis = 1_000;

impl Queue {
    fn key(&mut self, at: Millis, event: &Event) -> Key {
        self.scheduled += 1;
        (at, matches!(event, Event::Sample), self.scheduled)
    }

    /// Schedules `event` at `at`.
    pub(crate) fn push(&mut self, at: Millis, event: Event) {
        let key = self.key(at, &event);
        let bucket = at / BUCKET;
        if bucket <= self.near_bucket && !self.near.is_empty() {
            let position = self.near.partition_point(|(other, _)| *other < key);
            self.near.insert(position, (key, event));
        } else {
            self.later.entry(bucket).or_default().push((key, event));
        }
    }

    /// Schedules `event` at `at`, no earlier than any event scheduled this way before: the
    /// time of the event being run plus a fixed period.
    pub(crate) fn push_periodic(&mut self, at: Millis, event: Event) {
        let key = self.key(at, &event);
        debug_assert!(self.periodic.back().is_none_or(|(last, _)| *last <= key));
        self.periodic.push_back((key, event));
    }

    /// The first of the non-periodic events, moving the next bucket into `near` if need be.
    fn first_other(&mut self) -> Option<Key> {
        if self.near.is_empty() {
            let (bucket, mut events) = self.later.pop_first()?;
            events.sort_unstable_by_key(|(key, _)| *key);
            self.near = events.into();
            self.near_bucket = bucket;
        }
        self.near.front().map(|(key, _)| *key)
    }

    /// The next event, if it is due at or before `until`.
    pub(crate) fn pop_until(&mut self, until: Millis) -> Option<(Millis, Event)> {
        let other = self.first_other();
        let periodic = self.periodic.front().map(|(key, _)| *key);
        let take_periodic = match (other, periodic) {
            (Some(other), Some(periodic)) => periodic < other,
            (None, Some(_)) => true,
            (_, None) => false,
        };
        let first = if take_periodic { periodic } else { other }?;
        if first.0 > until {
            return None;
        }
        let (key, event) = if take_periodic {
            self.periodic.pop_front()?
        } else {
            self.near.pop_front()?
        };
        Some((key.0, event))
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

    #[test]
    fn periodic_events_merge_with_the_others_in_the_same_order() {
        let mut queue = Queue::default();
        queue.push(3, Event::Tick { node: 0 });
        queue.push_periodic(5, Event::Tick { node: 1 });
        queue.push(5, Event::Sample);
        queue.push(5, Event::LaunchRetry { group: 0 });
        queue.push_periodic(8, Event::Tick { node: 2 });
        queue.push(
            9,
            Event::PodCount {
                workload: 0,
                count: 1,
            },
        );
        let order: Vec<_> = std::iter::from_fn(|| queue.pop_until(100)).collect();
        assert_eq!(
            order,
            vec![
                (3, Event::Tick { node: 0 }),
                (5, Event::Tick { node: 1 }),
                (5, Event::LaunchRetry { group: 0 }),
                (5, Event::Sample),
                (8, Event::Tick { node: 2 }),
                (
                    9,
                    Event::PodCount {
                        workload: 0,
                        count: 1
                    }
                ),
            ]
        );
    }
}
