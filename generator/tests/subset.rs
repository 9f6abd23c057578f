//! Generating a subset: selections by tag, operationId and `METHOD /path` keep exactly the chosen
//! operations and the types they reach, from settings or from code; a selector naming nothing is
//! a located error. The spec is the fixture `tests/fixtures/subset/pets.yaml` (its snapshot, with
//! its own selection, is compiled by `tests/fixtures.rs`).

use std::collections::BTreeSet;
use std::path::Path;

use openapi_bindgen::{Config, OperationFilter, Output, Selector, generate_str, parse_settings};

/// Every component schema of the spec, in document order.
const COMPONENTS: &[&str] = &[
    "Pet",
    "Category",
    "NewPet",
    "Problem",
    "RateLimit",
    "Order",
    "OnlineOrder",
    "ShopOrder",
    "Store",
    "Address",
    "AdminReceipt",
    "Unused",
];

/// Every client method of the spec's operations.
const METHODS: &[&str] =
    &["list_pets", "create_pet", "get_pets_by_pet_id", "list_orders", "get_stores_by_store_id", "delete_user"];

fn spec() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/subset/pets.yaml");
    std::fs::read_to_string(path).expect("the fixture spec")
}

fn selectors(texts: &[&str]) -> Vec<Selector> {
    texts.iter().map(|text| text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))).collect()
}

fn generate(include: &[&str], exclude: &[&str]) -> Output {
    let operations = OperationFilter { include: selectors(include), exclude: selectors(exclude) };
    let config = Config { operations, ..Config::default() };
    generate_str("pets.yaml", &spec(), &config).unwrap_or_else(|failure| panic!("{failure}"))
}

/// The client methods and component types the code defines.
fn generated(output: &Output) -> (BTreeSet<&'static str>, BTreeSet<&'static str>) {
    let code = &output.code;
    let methods = METHODS.iter().copied().filter(|m| code.contains(&format!("    pub fn {m}("))).collect();
    let types = COMPONENTS
        .iter()
        .copied()
        .filter(|t| ["struct", "enum", "type"].iter().any(|kind| code.contains(&format!("\npub {kind} {t} "))))
        .collect();
    (methods, types)
}

fn set(names: &[&'static str]) -> BTreeSet<&'static str> {
    names.iter().copied().collect()
}

fn messages(output: &Output) -> Vec<String> {
    output.diagnostics.iter().map(|d| format!("{:?}: {}", d.severity, d.message)).collect()
}

#[test]
fn without_a_selection_every_operation_and_every_component_is_generated() {
    let output = generate(&[], &[]);
    assert_eq!(generated(&output), (set(METHODS), set(COMPONENTS)), "today's behaviour: unused `Unused` too");
    assert!(output.code.contains("pub fn with_api_key(") && output.code.contains("pub fn with_bearer_token("));
    assert!(messages(&output).iter().all(|m| !m.contains("selection")), "{:?}", messages(&output));
}

#[test]
fn a_tag_keeps_its_operations_and_the_types_they_reach() {
    let output = generate(&["tag:Stores"], &[]);
    let types = set(&["Order", "OnlineOrder", "ShopOrder", "Store", "Address"]);
    assert_eq!(generated(&output), (set(&["list_orders", "get_stores_by_store_id"]), types));
    // The security scheme no kept operation uses has no setter.
    assert!(output.code.contains("pub fn with_api_key(") && !output.code.contains("pub fn with_bearer_token("));
}

#[test]
fn an_operation_id_keeps_one_operation_and_its_security() {
    let output = generate(&["operationId:deleteUser"], &[]);
    assert_eq!(generated(&output), (set(&["delete_user"]), set(&["AdminReceipt"])));
    assert!(!output.code.contains("pub fn with_api_key(") && output.code.contains("pub fn with_bearer_token("));
    // Its own warning stays; those about left-out parts (the `Unused` schema) do not.
    assert_eq!(
        messages(&output),
        [
            "Warning: style `label` does not apply to a Query parameter; the default style is used",
            "Note: the operation selection generates 1 of 6 operations, and the 1 of 12 component schemas they use",
        ]
    );
}

#[test]
fn a_route_keeps_one_operation_named_as_in_the_whole_spec() {
    let output = generate(&["get /v1/pets/{petId}"], &[]);
    // `get_pets_by_pet_id`, not `get_v1_pets_by_pet_id`: the `/v1` every path shares is left out
    // of derived names as it is without a selection.
    assert_eq!(generated(&output), (set(&["get_pets_by_pet_id"]), set(&["Pet", "Category", "Problem", "RateLimit"])));
}

#[test]
fn exclusions_apply_to_every_operation_or_to_the_included_ones() {
    let output = generate(&[], &["tag:Pets", "tag:Admin"]);
    let types = set(&["Order", "OnlineOrder", "ShopOrder", "Store", "Address"]);
    assert_eq!(generated(&output), (set(&["list_orders", "get_stores_by_store_id"]), types));
    let output = generate(&["tag:Pets", "operationId:listOrders"], &["POST /v1/pets"]);
    let types = set(&["Pet", "Category", "Problem", "RateLimit", "Order", "OnlineOrder", "ShopOrder"]);
    assert_eq!(generated(&output), (set(&["list_pets", "get_pets_by_pet_id", "list_orders"]), types));
}

#[test]
fn a_selector_naming_no_operation_is_an_error_at_its_line_in_the_settings() {
    let settings =
        "[operations]\ninclude = [\"tag:Pets\", \"operationId:listpets\"]\nexclude = [\"GET /v1/pets/{id}\"]\n";
    let config = parse_settings("pets.bindgen.toml", settings).expect("valid settings");
    let failure = generate_str("pets.yaml", &spec(), &config).expect_err("a selector names nothing");
    let rendered: Vec<String> = failure.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(
        rendered,
        [
            "pets.bindgen.toml:2:24: error: the `include` selector `operationId:listpets` matches no operation: no operation has this operationId\n  at #\n  | include = [\"tag:Pets\", \"operationId:listpets\"]\n  |                        ^",
            "pets.bindgen.toml:3:12: error: the `exclude` selector `GET /v1/pets/{id}` matches no operation: no operation has this method and path (paths are matched as the spec writes them, templates included)\n  at #\n  | exclude = [\"GET /v1/pets/{id}\"]\n  |            ^",
        ]
    );
}

#[test]
fn a_selector_from_code_naming_no_operation_is_an_error_at_the_paths() {
    let operations = OperationFilter { include: selectors(&["tag:Cats"]), exclude: Vec::new() };
    let failure = generate_str("pets.yaml", &spec(), &Config { operations, ..Config::default() })
        .expect_err("a selector names nothing");
    assert_eq!(
        failure.to_string(),
        "pets.yaml:10:3: error: the `include` selector `tag:Cats` matches no operation: no operation lists this tag\n  at #/paths\n  |   /v1/pets:\n  |   ^\n"
    );
}

#[test]
fn a_selection_leaving_out_every_operation_is_an_error() {
    let operations = OperationFilter {
        include: selectors(&["tag:Admin"]),
        exclude: selectors(&["DELETE /v1/admin/users/{userId}"]),
    };
    let failure =
        generate_str("pets.yaml", &spec(), &Config { operations, ..Config::default() }).expect_err("nothing is left");
    assert!(failure.to_string().contains("error: the operation selection leaves out all 6 operations"), "{failure}");
}

#[test]
fn a_malformed_selector_in_the_settings_is_located() {
    let error = parse_settings("pets.bindgen.toml", "[operations]\ninclude = [\"listPets\"]\n").expect_err("malformed");
    assert_eq!(
        error.to_string(),
        "pets.bindgen.toml:2:12: error: invalid settings: `listPets` is not an operation selector: write `METHOD /path`, `tag:NAME` or `operationId:ID`\n  at #\n  | include = [\"listPets\"]\n  |            ^"
    );
    let error = parse_settings("pets.bindgen.toml", "[operations]\nonly = []\n").expect_err("unknown key");
    assert!(error.to_string().contains("unknown field `only`"), "{error}");
}
