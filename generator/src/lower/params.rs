//! Parameters: their types, docs, styles and `explode`.

use heck::ToUpperCamelCase;

use crate::ir::{self, TypeRef};
use crate::model;
use crate::naming::{self, Namespace};

use super::Lowerer;
use super::docs::push_paragraph;
use super::examples::Example;

impl Lowerer<'_, '_, '_> {
    pub(super) fn lower_param(
        &mut self,
        parameter: &model::Parameter,
        pascal: &str,
        names: &mut Namespace,
    ) -> ir::ParamDef {
        let hint = format!("{pascal}{}", parameter.name.to_upper_camel_case());
        let ty = match parameter.schema {
            Some(schema) => self.lower_schema(schema, &hint),
            None => TypeRef::String,
        };
        let value_ty = match parameter.schema {
            Some(schema) if self.nullable(schema) && ty != TypeRef::Json => TypeRef::Option(Box::new(ty.clone())),
            _ => ty.clone(),
        };
        for (pointer, value) in &parameter.examples {
            self.examples.push(Example { pointer: pointer.clone(), value: value.clone(), ty: value_ty.clone() });
        }
        // The schema's own examples are checked against the parameter's type too.
        if let Some(schema) = parameter.schema {
            self.value_types.entry(schema).or_insert_with(|| value_ty.clone());
        }
        let location = match parameter.location {
            model::ParameterLocation::Path => ir::ParamLocation::Path,
            model::ParameterLocation::Query => ir::ParamLocation::Query,
            model::ParameterLocation::Header => ir::ParamLocation::Header,
            model::ParameterLocation::Cookie => ir::ParamLocation::Cookie,
        };
        let place = parameter.location.as_str();
        let mut doc = vec![format!("The `{}` {place} parameter.", parameter.name)];
        if let Some(description) = &parameter.description {
            doc.push(String::new());
            doc.extend(naming::doc_lines(description));
        }
        if parameter.deprecated {
            doc.push(String::new());
            doc.push("**Deprecated.**".to_owned());
        }
        push_paragraph(&mut doc, parameter.schema.and_then(|schema| self.value_notes(schema)));
        ir::ParamDef {
            name: names.claim(&naming::snake_name(&parameter.name)),
            wire_name: parameter.name.clone(),
            location,
            style: param_style(parameter.style),
            explode: parameter.explode,
            doc,
            ty,
            required: parameter.required,
        }
    }
}

/// The IR's spelling of a style the model read.
pub(super) fn param_style(style: model::ParameterStyle) -> ir::ParamStyle {
    match style {
        model::ParameterStyle::Simple => ir::ParamStyle::Simple,
        model::ParameterStyle::Label => ir::ParamStyle::Label,
        model::ParameterStyle::Matrix => ir::ParamStyle::Matrix,
        model::ParameterStyle::Form => ir::ParamStyle::Form,
        model::ParameterStyle::SpaceDelimited => ir::ParamStyle::SpaceDelimited,
        model::ParameterStyle::PipeDelimited => ir::ParamStyle::PipeDelimited,
        model::ParameterStyle::DeepObject => ir::ParamStyle::DeepObject,
    }
}
