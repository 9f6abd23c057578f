//! Credentials: `Secret` (a value kept out of `Debug` output), `Credential` and `Auth` (where one goes).

use std::collections::BTreeMap;
use std::fmt;

/// A credential; its `Debug` output never shows the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for sending it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// The credential configured for one way of authenticating.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credential {
    /// An API key or a bearer token.
    Token(Secret),
    /// HTTP basic authentication.
    Basic { user: String, password: Secret },
}

/// Where a security scheme puts its credential. Credentials are keyed by this, not by the scheme's
/// name in a spec: specs call the same `x-api-key` header `apiKeyAuth`, `ApiKeyAuth` or `ApiKey`,
/// and one configured client serves them all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Auth {
    /// An API key in the header `name` (lower-case).
    Header {
        name: &'static str,
    },
    Query {
        name: &'static str,
    },
    Cookie {
        name: &'static str,
    },
    /// `Authorization: Bearer <token>` (HTTP bearer, OAuth 2 and OpenID Connect tokens).
    Bearer,
    /// `Authorization: Basic`.
    Basic,
}

/// The credentials of the first alternative of `security` whose credentials are all configured,
/// in its order; none when no alternative is (the request goes out unauthenticated and the server
/// decides).
pub(super) fn chosen_credentials<'a>(
    credentials: &'a BTreeMap<Auth, Credential>,
    security: &[&[Auth]],
) -> Vec<(Auth, &'a Credential)> {
    let alternative = security.iter().find(|schemes| schemes.iter().all(|auth| credentials.contains_key(auth)));
    let schemes = alternative.map_or(&[][..], |schemes| *schemes);
    schemes.iter().filter_map(|auth| Some((*auth, credentials.get(auth)?))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(secret: &str) -> Credential {
        Credential::Token(Secret::new(secret))
    }

    #[test]
    fn the_first_alternative_with_every_credential_configured_is_chosen() {
        let key = Auth::Header { name: "x-api-key" };
        let credentials = BTreeMap::from([(Auth::Bearer, token("b")), (key, token("k"))]);
        let chosen = chosen_credentials(&credentials, &[&[key, Auth::Query { name: "sig" }], &[Auth::Bearer], &[key]]);
        assert_eq!(chosen, [(Auth::Bearer, &token("b"))]);
        let chosen = chosen_credentials(&credentials, &[&[Auth::Basic], &[Auth::Bearer, key]]);
        assert_eq!(chosen, [(Auth::Bearer, &token("b")), (key, &token("k"))]);
        let chosen = chosen_credentials(&credentials, &[&[key, Auth::Bearer]]);
        assert_eq!(chosen, [(key, &token("k")), (Auth::Bearer, &token("b"))]);
    }

    #[test]
    fn without_a_complete_alternative_nothing_is_chosen() {
        let credentials = BTreeMap::from([(Auth::Cookie { name: "other" }, token("x"))]);
        assert!(chosen_credentials(&credentials, &[&[Auth::Bearer], &[Auth::Header { name: "k" }]]).is_empty());
        assert!(chosen_credentials(&credentials, &[]).is_empty());
        assert!(chosen_credentials(&BTreeMap::new(), &[&[Auth::Bearer]]).is_empty());
    }

    #[test]
    fn a_secret_is_exposed_only_on_request() {
        let secret = Secret::new("hunter2");
        assert_eq!(secret.expose(), "hunter2");
        assert_eq!(format!("{secret:?}"), "Secret(<redacted>)");
        assert_eq!(format!("{secret:#?}"), "Secret(<redacted>)");
    }

    #[test]
    fn debug_of_a_credential_never_shows_the_secret() {
        let token = Credential::Token(Secret::new("tok-123"));
        assert_eq!(format!("{token:?}"), "Token(Secret(<redacted>))");
        let basic = Credential::Basic { user: "ada".to_owned(), password: Secret::new("pw-456") };
        assert_eq!(format!("{basic:?}"), r#"Basic { user: "ada", password: Secret(<redacted>) }"#);
        assert!(!format!("{basic:#?}").contains("pw-456"));
    }

    #[test]
    fn places_order_by_kind_then_name() {
        let mut places = vec![
            Auth::Basic,
            Auth::Bearer,
            Auth::Query { name: "k" },
            Auth::Header { name: "b" },
            Auth::Header { name: "a" },
        ];
        places.sort();
        assert_eq!(
            places,
            [
                Auth::Header { name: "a" },
                Auth::Header { name: "b" },
                Auth::Query { name: "k" },
                Auth::Bearer,
                Auth::Basic
            ]
        );
    }
}
