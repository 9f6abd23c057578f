//! Security: the schemes a client can apply, and each operation's alternatives of them.

use serde_json::Value;

use crate::spec::push_pointer;

use super::{Builder, ParameterLocation, SecurityKind, SecurityScheme};

impl<'a> Builder<'a, '_, '_> {
    pub(super) fn read_security_schemes(&mut self, root: &'a serde_json::Map<String, Value>) {
        let Some(schemes) = root.get("components").and_then(|c| c.get("securitySchemes")).and_then(Value::as_object)
        else {
            return;
        };
        for (name, raw) in schemes {
            let pointer = push_pointer("/components/securitySchemes", name);
            let Some((pointer, scheme)) = self.follow_ref(&pointer, raw) else { continue };
            let Some(scheme) = scheme.as_object() else {
                self.warn(&pointer, "a security scheme must be an object; it is ignored");
                continue;
            };
            let kind = match scheme.get("type").and_then(Value::as_str) {
                Some("apiKey") => {
                    // An API key goes in a header, the query or a cookie; never in the path.
                    let location = scheme
                        .get("in")
                        .and_then(Value::as_str)
                        .and_then(ParameterLocation::parse)
                        .filter(|location| *location != ParameterLocation::Path);
                    match (location, self.str_field(scheme, "name")) {
                        (Some(location), Some(name)) => Some(SecurityKind::ApiKey { location, name }),
                        _ => None,
                    }
                }
                Some("http") => {
                    match scheme.get("scheme").and_then(Value::as_str).map(str::to_ascii_lowercase).as_deref() {
                        Some("bearer") => Some(SecurityKind::Bearer),
                        Some("basic") => Some(SecurityKind::Basic),
                        _ => None,
                    }
                }
                Some("oauth2") | Some("openIdConnect") => Some(SecurityKind::OAuthToken),
                _ => None,
            };
            match kind {
                Some(kind) => self.api.security_schemes.push(SecurityScheme {
                    name: name.clone(),
                    description: self.str_field(scheme, "description"),
                    kind,
                }),
                None => self.warn(&pointer, format!("security scheme `{name}` is of a kind the client cannot apply; operations using it send no credentials for it")),
            }
        }
    }

    pub(super) fn read_security_requirements(&mut self, pointer: &str, value: &Value) -> Vec<Vec<String>> {
        let Some(list) = value.as_array() else {
            self.warn(pointer, "`security` must be an array; it is ignored");
            return Vec::new();
        };
        let mut alternatives = Vec::new();
        for (index, requirement) in list.iter().enumerate() {
            let Some(requirement) = requirement.as_object() else { continue };
            let names: Vec<String> = requirement.keys().cloned().collect();
            for name in &names {
                if !self.api.security_schemes.iter().any(|s| &s.name == name) {
                    self.warn(&format!("{pointer}/{index}"), format!("security requirement names `{name}`, which is not a usable security scheme; the alternative is dropped"));
                }
            }
            alternatives.push(names);
        }
        alternatives
    }
}
