//! The runtime's union decoder order (`runtime::union_order`): tags (a discriminator, `const` or
//! `enum` members) rule variants out before the best-match rule ranks the rest.

use recoup::social::runtime::{UnionCandidate, union_order};
use serde_json::json;

/// Adyen-like payment methods: every variant requires `type`, which only its tag tells apart.
const METHODS: &[UnionCandidate] = &[
    UnionCandidate {
        required: &["type"],
        known: &["type", "number", "holderName"],
        tags: &[("type", &["scheme", "card"])],
        implied: &[],
    },
    UnionCandidate { required: &["type"], known: &["type", "issuer"], tags: &[("type", &["ideal"])], implied: &[] },
    UnionCandidate { required: &["type"], known: &["type"], tags: &[], implied: &[] },
];

#[test]
fn a_matching_tag_comes_first_and_a_contradicted_one_is_never_tried() {
    assert_eq!(union_order(&json!({"type": "ideal", "issuer": "1121"}), METHODS), [1, 2]);
    assert_eq!(union_order(&json!({"type": "card", "number": "4111"}), METHODS), [0, 2]);
}

#[test]
fn an_absent_or_null_tag_rules_nothing_out() {
    assert_eq!(union_order(&json!({"issuer": "1121"}), METHODS), [1, 0, 2]);
    assert_eq!(union_order(&json!({"type": null, "number": "4111"}), METHODS), [0, 1, 2]);
}

#[test]
fn an_unknown_tag_leaves_only_untagged_variants() {
    assert_eq!(union_order(&json!({"type": "klarna"}), METHODS), [2]);
    assert_eq!(union_order(&json!({"type": 7}), METHODS), [2]);
}
