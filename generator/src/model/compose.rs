//! Compositions: `allOf` members (annotation-only members folded in, declared members added as one
//! more), and `oneOf`/`anyOf` as unions, as `allOf(object, union)` beside properties, or as member rules.

use serde_json::Value;

use crate::spec::push_pointer;

use super::object::is_member_rule;
use super::schema::Position;
use super::{Builder, MemberRule, Schema, SchemaId, SchemaKind};

/// What a `oneOf`/`anyOf` turned out to be.
pub(super) enum Alternatives {
    /// Real alternative shapes: the schema's kind.
    Shapes(SchemaKind),
    /// A rule on the members the schema declares (its first alternative, for samples); the rule
    /// itself went into the schema's description.
    Rule(Option<MemberRule>),
}

impl<'a> Builder<'a, '_, '_> {
    /// The kind of a schema with `allOf: members`; members that only annotate give `schema` their
    /// annotations.
    pub(super) fn read_all_of(
        &mut self,
        pointer: &str,
        object: &serde_json::Map<String, Value>,
        members: &Value,
        schema: &mut Schema,
    ) -> SchemaKind {
        let mut ids = self.read_members(pointer, "allOf", members);
        // Members saying nothing about structure (`{description: ..}` beside a `$ref`, `{}`)
        // constrain nothing; their annotations apply to the whole.
        let mut annotations = Vec::new();
        ids.retain(|id| {
            let keep = !matches!(self.api.schemas[id.0].kind, SchemaKind::Any);
            if !keep {
                annotations.push(*id);
            }
            keep
        });
        for id in annotations {
            let member = &self.api.schemas[id.0];
            schema.nullable |= member.nullable;
            schema.description = schema.description.take().or_else(|| member.description.clone());
            schema.examples.extend(member.examples.iter().cloned());
        }
        // Members declared beside `allOf` (`properties`, `required`) are one more member.
        if ["properties", "required", "additionalProperties"].iter().any(|k| object.contains_key(*k)) {
            let own = SchemaId(self.api.schemas.len());
            self.api.schemas.push(Schema::any(pointer));
            let mut own_schema = Schema::any(pointer);
            own_schema.kind = SchemaKind::Object(self.read_object(pointer, object, Position::AllOfMember));
            self.api.schemas[own.0] = own_schema;
            ids.push(own);
        }
        match ids.len() {
            0 => SchemaKind::Any,
            // `allOf: [{$ref: X}]`, usually there to give the reference a description.
            1 => SchemaKind::Reference(ids[0]),
            _ => SchemaKind::AllOf(ids),
        }
    }

    /// A `oneOf` or `anyOf` (`keyword`) of the schema `object`: a rule when every member only
    /// requires, forbids or narrows members the schema declares; else alternative shapes, and
    /// when the schema declares members too, all of those and the union.
    pub(super) fn read_alternatives(
        &mut self,
        pointer: &str,
        object: &serde_json::Map<String, Value>,
        keyword: &str,
        members: &Value,
        schema: &mut Schema,
    ) -> Alternatives {
        let declared: Vec<&str> = object
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default();
        if !declared.is_empty()
            && members.as_array().is_some_and(|list| list.iter().all(|m| is_member_rule(m, &declared)))
        {
            // A rule the server checks, not alternative shapes: the type is the object itself,
            // and the rule goes into its documentation.
            let quantifier = if keyword == "oneOf" { "exactly one" } else { "at least one" };
            let rules: Vec<String> = members.as_array().into_iter().flatten().map(|m| format!("- `{m}`")).collect();
            let rule = format!(
                "The server accepts a value when {quantifier} of these holds (`{keyword}`):\n{}",
                rules.join("\n")
            );
            schema.description = Some(match schema.description.take() {
                Some(text) => format!("{text}\n\n{rule}"),
                None => rule,
            });
            return Alternatives::Rule(members.get(0).map(MemberRule::read));
        }
        let mut ids = self.read_members(pointer, keyword, members);
        // `{type: null}` among the members is how 3.1 spells "nullable".
        let before = ids.len();
        ids.retain(|id| !self.api.schemas[id.0].is_null_only());
        if ids.len() < before {
            schema.nullable = true;
        }
        let union = match (ids.len(), keyword) {
            (1, _) => SchemaKind::Reference(ids[0]),
            (_, "oneOf") => SchemaKind::OneOf(ids),
            _ => SchemaKind::AnyOf(ids),
        };
        if declared.is_empty() {
            return Alternatives::Shapes(union);
        }
        // Members declared beside the union belong to every alternative: all of the object and the union.
        let mut own = Schema::any(pointer);
        own.kind = SchemaKind::Object(self.read_object(pointer, object, Position::AllOfMember));
        let mut alternatives = Schema::any(pointer);
        alternatives.kind = union;
        let own_id = SchemaId(self.api.schemas.len());
        self.api.schemas.push(own);
        self.api.schemas.push(alternatives);
        Alternatives::Shapes(SchemaKind::AllOf(vec![own_id, SchemaId(own_id.0 + 1)]))
    }

    /// The members of an `allOf`, `oneOf` or `anyOf` list.
    pub(super) fn read_members(&mut self, pointer: &str, keyword: &str, members: &Value) -> Vec<SchemaId> {
        let list_pointer = push_pointer(pointer, keyword);
        let Some(list) = members.as_array() else {
            self.warn(&list_pointer, format!("`{keyword}` must be an array; ignored"));
            return Vec::new();
        };
        let position = if keyword == "allOf" { Position::AllOfMember } else { Position::Value };
        (0..list.len()).map(|index| self.schema_in(&format!("{list_pointer}/{index}"), position)).collect()
    }
}
