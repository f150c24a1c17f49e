//! The dynamic properties Flink passes to a process it starts (`-D key=value ...`), in the
//! order Java's `HashMap` iterates them.
//!
//! Flink collects these properties in a `HashMap` and joins them, so their order is the map's
//! bucket order: `String.hashCode`, spread as `h ^ (h >>> 16)`, masked by the table size (16,
//! doubled whenever more than three quarters full), entries of one bucket in insertion order.
//! Reproducing it keeps the TaskManager's arguments identical to Flink's, byte for byte.

/// Java's `String.hashCode()` over UTF-16 code units.
pub fn java_string_hash(text: &str) -> i32 {
    text.encode_utf16().fold(0i32, |h, unit| {
        h.wrapping_mul(31).wrapping_add(i32::from(unit))
    })
}

/// The keys' indices in the order a `HashMap` filled with them in this order iterates them.
pub fn java_hash_map_order(keys: &[&str]) -> Vec<usize> {
    let mut capacity: usize = 16;
    while keys.len() * 4 > capacity * 3 {
        capacity *= 2;
    }
    let mask = u32::try_from(capacity - 1).unwrap_or(u32::MAX);
    let bucket = |key: &str| {
        // `(h = key.hashCode()) ^ (h >>> 16)`, on the bits of the int.
        let h = java_string_hash(key).cast_unsigned();
        (h ^ (h >> 16)) & mask
    };
    let mut order: Vec<usize> = (0..keys.len()).collect();
    // A stable sort keeps insertion order within a bucket, as the map's chains do.
    order.sort_by_key(|&i| keys.get(i).map_or(0, |k| bucket(k)));
    order
}

/// `ConfigurationUtils.assembleDynamicConfigsStr` over entries inserted in this order:
/// `-D key=value` joined by spaces, in `HashMap` order.
pub fn dynamic_configs(entries: Vec<(&str, String)>) -> String {
    let keys: Vec<&str> = entries.iter().map(|(k, _)| *k).collect();
    java_hash_map_order(&keys)
        .into_iter()
        .filter_map(|i| entries.get(i))
        .map(|(key, value)| format!("-D {key}={value}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_hash_is_javas() {
        assert_eq!(java_string_hash(""), 0);
        assert_eq!(java_string_hash("a"), 97);
        // "hello".hashCode() in Java.
        assert_eq!(java_string_hash("hello"), 99_162_322);
        // Overflows wrap like Java ints.
        assert_eq!(java_string_hash("polygenelubricants"), i32::MIN);
    }

    #[test]
    fn job_manager_keys_iterate_in_javas_order() {
        let keys = [
            "jobmanager.memory.heap.size",
            "jobmanager.memory.off-heap.size",
            "jobmanager.memory.jvm-metaspace.size",
            "jobmanager.memory.jvm-overhead.min",
            "jobmanager.memory.jvm-overhead.max",
        ];
        let ordered: Vec<&str> = java_hash_map_order(&keys)
            .into_iter()
            .filter_map(|i| keys.get(i).copied())
            .collect();
        // flink-native-spec.md §3.3, as Java prints it.
        assert_eq!(
            ordered,
            [
                "jobmanager.memory.off-heap.size",
                "jobmanager.memory.jvm-overhead.min",
                "jobmanager.memory.jvm-metaspace.size",
                "jobmanager.memory.heap.size",
                "jobmanager.memory.jvm-overhead.max",
            ]
        );
    }
}
