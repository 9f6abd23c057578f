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
        let location = match parameter.location {
            model::ParameterLocation::Path => ir::ParamLocation::Path,
            model::ParameterLocation::Query => ir::ParamLocation::Query,
            model::ParameterLocation::Header => ir::ParamLocation::Header,
            model::ParameterLocation::Cookie => ir::ParamLocation::Cookie,
        };
        let place = match parameter.location {
            model::ParameterLocation::Path => "path",
            model::ParameterLocation::Query => "query",
            model::ParameterLocation::Header => "header",
            model::ParameterLocation::Cookie => "cookie",
        };
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
        let style = self.param_style(parameter);
        // OpenAPI: `explode` defaults to true for `form` and false for every other style.
        let explode = parameter.explode.unwrap_or(style == ir::ParamStyle::Form);
        ir::ParamDef {
            name: names.claim(&naming::snake_name(&parameter.name)),
            wire_name: parameter.name.clone(),
            location,
            style,
            explode,
            doc,
            ty,
            required: parameter.required,
        }
    }

    /// The parameter's style: as written when the location allows it, else the location's default.
    pub(super) fn param_style(&mut self, parameter: &model::Parameter) -> ir::ParamStyle {
        use model::ParameterLocation as At;
        let default = match parameter.location {
            At::Path | At::Header => ir::ParamStyle::Simple,
            At::Query | At::Cookie => ir::ParamStyle::Form,
        };
        let Some(written) = parameter.style.as_deref() else { return default };
        match (written, parameter.location) {
            ("simple", At::Path | At::Header) => ir::ParamStyle::Simple,
            ("label", At::Path) => ir::ParamStyle::Label,
            ("matrix", At::Path) => ir::ParamStyle::Matrix,
            ("form", At::Query | At::Cookie) => ir::ParamStyle::Form,
            ("spaceDelimited", At::Query) => ir::ParamStyle::SpaceDelimited,
            ("pipeDelimited", At::Query) => ir::ParamStyle::PipeDelimited,
            ("deepObject", At::Query) => ir::ParamStyle::DeepObject,
            _ => {
                self.warn(
                    &parameter.pointer,
                    format!(
                        "style `{written}` does not apply to a {:?} parameter; the default style is used",
                        parameter.location
                    ),
                );
                default
            }
        }
    }
}
