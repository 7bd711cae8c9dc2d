//! The distinct values of a JSON list in linear time, for `enum` lists: comparing each value
//! with every one kept before it made a 100,000-value enum take minutes.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use serde_json::Value;

/// The values other than `null`, each once, in the order they first appear.
pub fn distinct_values<'v>(values: impl IntoIterator<Item = &'v Value>) -> Vec<Value> {
    let mut out = Vec::new();
    // Strings and numbers (nearly every enum) are keyed by themselves; other values by a hash
    // that agrees with `Value`'s equality, compared for real only within one hash.
    let mut strings: HashSet<&str> = HashSet::new();
    let mut numbers: HashSet<&serde_json::Number> = HashSet::new();
    let mut others: HashMap<u64, Vec<&Value>> = HashMap::new();
    for v in values {
        let new = match v {
            Value::Null => false,
            Value::String(s) => strings.insert(s),
            Value::Number(n) => numbers.insert(n),
            _ => {
                let same = others.entry(hash_of(v)).or_default();
                let new = !same.contains(&v);
                if new {
                    same.push(v);
                }
                new
            }
        };
        if new {
            out.push(v.clone());
        }
    }
    out
}

/// A hash equal for equal values: object members are combined without their order, since maps
/// compare equal whatever order their keys were written in.
fn hash_of(v: &Value) -> u64 {
    let mut h = DefaultHasher::new();
    match v {
        Value::Null => 0u8.hash(&mut h),
        Value::Bool(b) => (1u8, b).hash(&mut h),
        Value::Number(n) => (2u8, n).hash(&mut h),
        Value::String(s) => (3u8, s).hash(&mut h),
        Value::Array(items) => {
            4u8.hash(&mut h);
            for item in items {
                hash_of(item).hash(&mut h);
            }
        }
        Value::Object(map) => {
            5u8.hash(&mut h);
            let members = map.iter().fold(0u64, |acc, (k, item)| {
                let mut m = DefaultHasher::new();
                (k, hash_of(item)).hash(&mut m);
                acc.wrapping_add(m.finish())
            });
            members.hash(&mut h);
        }
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keeps_first_occurrences_in_order_without_null() {
        let list = json!(["b", "a", "b", null, 1, 1.0, 1, {"x": 1, "y": 2}, {"y": 2, "x": 1}, [1], [1], true, true]);
        let got = distinct_values(list.as_array().into_iter().flatten());
        assert_eq!(got, json!(["b", "a", 1, 1.0, {"x": 1, "y": 2}, [1], true]).as_array().cloned().unwrap_or_default());
    }
}
