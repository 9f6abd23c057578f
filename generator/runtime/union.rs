//! The union decoder's order: which variants of a `oneOf`/`anyOf` to try on a JSON value, best first.

/// What a union variant declares, for choosing which variant a JSON value is.
// Plumbing: generated union `Deserialize` impls list their variants with it.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct UnionCandidate {
    pub required: &'static [&'static str],
    pub known: &'static [&'static str],
    /// Tag members and the string values that select this variant (a discriminator's mapping, a
    /// `const`, an `enum`): a value whose tag member holds another value is never decoded as this
    /// variant.
    pub tags: &'static [(&'static str, &'static [&'static str])],
    /// Tags the spec only implies (a discriminator without a mapping names the variant's schema):
    /// a match ranks the variant first, another value does not rule it out, because servers often
    /// send a tag of their own (`track` for `TrackObject`).
    pub implied: &'static [(&'static str, &'static [&'static str])],
}

/// The order in which to try a union's variants on `value`: variants whose tags the value
/// contradicts are left out; then those matching the most tags (implied ones included), then those
/// whose required members are all present, then by how many of the value's members each declares,
/// then by how many members it requires, then in the spec's order. Trying the best match first means a payload
/// that fits several variants lands in the one that keeps the most of it.
// Plumbing: generated union `Deserialize` impls call it.
#[doc(hidden)]
pub fn union_order(value: &serde_json::Value, candidates: &[UnionCandidate]) -> Vec<usize> {
    let members = value.as_object();
    let mut scored: Vec<(usize, bool, usize, usize, usize)> = candidates
        .iter()
        .enumerate()
        .filter_map(|(index, candidate)| {
            let mut tagged = 0;
            for (name, values) in candidate.tags {
                match members.and_then(|m| m.get(*name)) {
                    None | Some(serde_json::Value::Null) => {}
                    Some(serde_json::Value::String(tag)) if values.contains(&tag.as_str()) => tagged += 1,
                    Some(_) => return None,
                }
            }
            for (name, values) in candidate.implied {
                if let Some(serde_json::Value::String(tag)) = members.and_then(|m| m.get(*name))
                    && values.contains(&tag.as_str())
                {
                    tagged += 1;
                }
            }
            let has = |name: &&str| members.is_some_and(|m| m.contains_key(*name));
            let complete = candidate.required.iter().all(has);
            let matched = candidate.known.iter().filter(|name| has(name)).count();
            Some((tagged, complete, matched, candidate.required.len(), index))
        })
        .collect();
    scored
        .sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(b.2.cmp(&a.2)).then(b.3.cmp(&a.3)).then(a.4.cmp(&b.4)));
    scored.into_iter().map(|(_, _, _, _, index)| index).collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const fn candidate(required: &'static [&'static str], known: &'static [&'static str]) -> UnionCandidate {
        UnionCandidate { required, known, tags: &[], implied: &[] }
    }

    #[test]
    fn variants_whose_tag_the_value_contradicts_are_left_out() {
        let candidates = [
            UnionCandidate {
                required: &["kind"],
                known: &["kind", "a"],
                tags: &[("kind", &["cat", "Cat"])],
                implied: &[],
            },
            UnionCandidate { required: &["kind"], known: &["kind", "b"], tags: &[("kind", &["dog"])], implied: &[] },
            candidate(&[], &["a", "b"]),
        ];
        assert_eq!(union_order(&json!({"kind": "dog", "a": 1}), &candidates), [1, 2]);
        assert_eq!(union_order(&json!({"kind": "Cat"}), &candidates), [0, 2]);
        // A tag of another type or an unknown value contradicts every tagged variant.
        assert_eq!(union_order(&json!({"kind": 1, "a": 1}), &candidates), [2]);
        assert_eq!(union_order(&json!({"kind": "cow"}), &candidates), [2]);
        // Absent or null: no tag is contradicted, the other rules decide.
        assert_eq!(union_order(&json!({"b": 1}), &candidates), [2, 1, 0]);
        assert_eq!(union_order(&json!({"kind": null, "a": 1}), &candidates), [0, 1, 2]);
    }

    #[test]
    fn more_matching_tags_come_first() {
        let candidates = [
            UnionCandidate { required: &[], known: &["t"], tags: &[("t", &["x"])], implied: &[] },
            UnionCandidate { required: &[], known: &["t", "u"], tags: &[("t", &["x"]), ("u", &["y"])], implied: &[] },
        ];
        assert_eq!(union_order(&json!({"t": "x", "u": "y"}), &candidates), [1, 0]);
        assert_eq!(union_order(&json!({"t": "x"}), &candidates), [0, 1]);
    }

    #[test]
    fn variants_with_every_required_member_present_come_first() {
        let candidates = [candidate(&["id", "name"], &["id", "name", "a", "b", "c"]), candidate(&["id"], &["id"])];
        assert_eq!(union_order(&json!({"id": 1, "a": 1, "b": 2}), &candidates), [1, 0]);
        assert_eq!(union_order(&json!({"id": 1, "name": "n"}), &candidates), [0, 1]);
    }

    #[test]
    fn then_the_variant_declaring_most_of_the_values_members() {
        let candidates = [candidate(&[], &["a"]), candidate(&[], &["a", "b", "z"]), candidate(&[], &["a", "b"])];
        assert_eq!(union_order(&json!({"a": 1, "b": 2}), &candidates), [1, 2, 0]);
    }

    #[test]
    fn then_the_variant_requiring_most_then_declaration_order() {
        let candidates = [candidate(&[], &["a"]), candidate(&["a"], &["a"]), candidate(&[], &["a"])];
        assert_eq!(union_order(&json!({"a": 1}), &candidates), [1, 0, 2]);
        let same = [candidate(&[], &[]), candidate(&[], &[]), candidate(&[], &[])];
        assert_eq!(union_order(&json!({"x": 1}), &same), [0, 1, 2]);
    }

    #[test]
    fn a_value_that_is_not_an_object_has_no_members() {
        let candidates = [
            candidate(&["a"], &["a"]),
            UnionCandidate { required: &[], known: &[], tags: &[("t", &["x"])], implied: &[] },
            candidate(&[], &[]),
        ];
        assert_eq!(union_order(&json!("text"), &candidates), [1, 2, 0]);
        assert_eq!(union_order(&json!([1]), &candidates), [1, 2, 0]);
        assert!(union_order(&json!({}), &[]).is_empty());
    }

    #[test]
    fn an_implied_tag_ranks_a_variant_first_but_rules_nothing_out() {
        let candidates = [
            UnionCandidate { required: &["type"], known: &["type", "a"], tags: &[], implied: &[("type", &["Track"])] },
            UnionCandidate { required: &["type"], known: &["type", "a"], tags: &[], implied: &[("type", &["Album"])] },
        ];
        assert_eq!(union_order(&json!({"type": "Album", "a": 1}), &candidates), [1, 0]);
        // A tag of the server's own spelling leaves both, in declaration order.
        assert_eq!(union_order(&json!({"type": "track", "a": 1}), &candidates), [0, 1]);
    }
}
