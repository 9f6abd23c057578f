//! The client: its default base URL and one credential setter per security scheme, named by
//! what the user holds (`with_api_key`, `with_bearer_token`, `with_access_token`, `with_basic_auth`).

use crate::ir;
use crate::model;
use crate::naming::{self, Namespace};

use super::CLIENT_METHODS;
use super::Lowerer;

impl Lowerer<'_, '_, '_> {
    pub(super) fn lower_client(&mut self) -> ir::ClientDef {
        let default_base_url = self.api.servers.first().filter(|url| url::Url::parse(url).is_ok()).cloned();
        if let (None, Some(url)) = (&default_base_url, self.api.servers.first()) {
            self.warn("/servers/0", format!("server URL `{url}` is not absolute; the client has no default base URL (use `Client::with_base_url`)"));
        }
        let mut setters = Namespace::with_reserved(CLIENT_METHODS);
        let mut vocabulary = std::collections::BTreeSet::new();
        let auth = self
            .api
            .security_schemes
            .iter()
            .map(|scheme| {
                let kind = auth_kind(&scheme.kind);
                let how = match &kind {
                    ir::AuthKind::Header(name) => format!("Sent in the `{name}` header."),
                    ir::AuthKind::Query(name) => format!("Sent as the `{name}` query parameter."),
                    ir::AuthKind::Cookie(name) => format!("Sent as the `{name}` cookie."),
                    ir::AuthKind::Bearer => "Sent as `Authorization: Bearer <token>`.".to_owned(),
                    ir::AuthKind::Basic => "Sent as `Authorization: Basic`, from `user:password`.".to_owned(),
                };
                let held = credential_setter(&scheme.kind);
                // The first scheme taking a kind of credential gets its plain name; another one of
                // the same kind (a second API key) is named after its scheme.
                let setter = if let Some(setter) = vocabulary.insert(held).then_some(held) {
                    setters.claim(setter)
                } else {
                    setters.claim(&format!("with_{}", naming::snake_name(&scheme.name)))
                };
                let mut doc = vec![format!("Sets the credential of the `{}` security scheme. {how}", scheme.name)];
                if let Some(description) = &scheme.description {
                    doc.push(String::new());
                    doc.extend(naming::doc_lines(description));
                }
                ir::AuthDef { setter, doc, kind }
            })
            .collect();
        ir::ClientDef { default_base_url, auth }
    }

    /// What each of the operation's security alternatives sends. An alternative naming an
    /// undefined scheme (warned by `model`) cannot be applied, so it is left out.
    pub(super) fn lower_security(&self, op: &model::Operation) -> Vec<Vec<ir::AuthKind>> {
        let scheme = |name: &String| self.api.security_schemes.iter().find(|s| &s.name == name);
        op.security
            .iter()
            .filter_map(|alternative| alternative.iter().map(|name| scheme(name).map(|s| auth_kind(&s.kind))).collect())
            .collect()
    }
}

/// The setter named by what the user holds, the same on every generated client.
fn credential_setter(kind: &model::SecurityKind) -> &'static str {
    match kind {
        model::SecurityKind::ApiKey { .. } => "with_api_key",
        model::SecurityKind::Bearer => "with_bearer_token",
        model::SecurityKind::OAuthToken => "with_access_token",
        model::SecurityKind::Basic => "with_basic_auth",
    }
}

/// Where a security scheme puts its credential.
fn auth_kind(kind: &model::SecurityKind) -> ir::AuthKind {
    match kind {
        model::SecurityKind::ApiKey { location: model::ParameterLocation::Query, name } => {
            ir::AuthKind::Query(name.clone())
        }
        model::SecurityKind::ApiKey { location: model::ParameterLocation::Cookie, name } => {
            ir::AuthKind::Cookie(name.clone())
        }
        model::SecurityKind::ApiKey { name, .. } => ir::AuthKind::Header(name.to_ascii_lowercase()),
        model::SecurityKind::Bearer | model::SecurityKind::OAuthToken => ir::AuthKind::Bearer,
        model::SecurityKind::Basic => ir::AuthKind::Basic,
    }
}
