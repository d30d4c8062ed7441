//! A token bucket per client address, kept in this process's memory: it
//! blunts a burst of guesses from one address. Several servers behind a
//! load balancer each keep their own, so the per-account lock in the
//! database stays the real guard.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

/// Buckets kept before full ones (the same as absent) are forgotten.
const MAX_TRACKED: usize = 10_000;

pub struct Throttle {
    /// Tokens a bucket holds when full; 0 turns the throttle off.
    capacity: f64,
    per_second: f64,
    buckets: Mutex<HashMap<String, Bucket>>,
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Throttle {
    /// `per_minute` tokens, refilled evenly over a minute; a new address
    /// starts with a full bucket.
    pub fn per_minute(per_minute: u32) -> Throttle {
        Throttle {
            capacity: f64::from(per_minute),
            per_second: f64::from(per_minute) / 60.0,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// `capacity` tokens, refilled evenly over `window` (the objections'
    /// rule: so many per address within so long).
    pub fn per_window(capacity: u32, window: std::time::Duration) -> Throttle {
        let secs = window.as_secs_f64().max(1.0);
        Throttle {
            capacity: f64::from(capacity),
            per_second: f64::from(capacity) / secs,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    fn with_bucket<T>(&self, key: &str, now: Instant, f: impl FnOnce(&mut Bucket) -> T) -> T {
        let mut map = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if map.len() >= MAX_TRACKED {
            let (cap, rate) = (self.capacity, self.per_second);
            map.retain(|_, b| b.tokens + rate * now.duration_since(b.at).as_secs_f64() < cap);
        }
        let b = map.entry(key.to_string()).or_insert(Bucket {
            tokens: self.capacity,
            at: now,
        });
        let elapsed = now.saturating_duration_since(b.at).as_secs_f64();
        b.tokens = (b.tokens + elapsed * self.per_second).min(self.capacity);
        b.at = now;
        f(b)
    }

    /// Takes a token for `key`; false when its bucket is empty.
    pub fn take(&self, key: &str) -> bool {
        self.take_at(key, Instant::now())
    }

    fn take_at(&self, key: &str, now: Instant) -> bool {
        if self.capacity <= 0.0 {
            return true;
        }
        self.with_bucket(key, now, |b| {
            if b.tokens >= 1.0 {
                b.tokens -= 1.0;
                true
            } else {
                false
            }
        })
    }

    /// Returns the token of an attempt that turned out well.
    pub fn give_back(&self, key: &str) {
        if self.capacity > 0.0 {
            let cap = self.capacity;
            self.with_bucket(key, Instant::now(), |b| {
                b.tokens = (b.tokens + 1.0).min(cap);
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_bucket_empties_refills_and_is_per_address() {
        let t = Throttle::per_minute(3);
        let t0 = Instant::now();
        assert!((0..3).all(|_| t.take_at("10.0.0.1", t0)));
        assert!(!t.take_at("10.0.0.1", t0));
        assert!(
            t.take_at("10.0.0.2", t0),
            "another address has its own bucket"
        );
        // One token back every 20 seconds.
        assert!(!t.take_at("10.0.0.1", t0 + Duration::from_secs(19)));
        assert!(t.take_at("10.0.0.1", t0 + Duration::from_secs(40)));
    }

    #[test]
    fn zero_turns_it_off() {
        let t = Throttle::per_minute(0);
        assert!((0..100).all(|_| t.take("x")));
    }
}
