//! Connector actions done right: the per-account action catalog, client-side validation of an
//! action's `parameters` against its JSON Schema, and file staging for `file_uploadable`
//! parameters, hand-written on top of the generated [`crate::social::Client`].
//!
//! Executing a connector action takes three calls that must agree with each other:
//! `GET /api/connectors/actions` (the catalog: each action's slug, `parameters` schema, connector and
//! connection status), optionally `POST /api/connectors/files` (staging an image for a
//! `file_uploadable` parameter), then `POST /api/connectors/actions`. [`Connectors`] does the
//! bookkeeping: it fetches the catalog once per account, refuses parameters that do not match the
//! action's schema and actions whose connector is not connected before anything is sent, and
//! stages files into the right parameter.
//!
//! ```no_run
//! use recoup::connectors::{self, Connectors};
//! use serde_json::json;
//!
//! # async fn demo() -> Result<(), connectors::Error> {
//! let connectors = Connectors::new(&recoup::Client::new().with_api_key("my-key"));
//! let done = connectors
//!     .execute("GOOGLESHEETS_WRITE_SPREADSHEET", json!({"spreadsheet_id": "1AbC"}))
//!     .await?;
//! println!("{:?}", done.result);
//! # Ok(())
//! # }
//! ```

// The wrapped `runtime::Error`s are kept inline, not boxed, so callers can match a documented
// status in one pattern (`Error::Execute(runtime::Error::Api { error: ExecuteConnectorActionError::Conflict(_), .. })`);
// the larger `Err` only costs on the error path of a network call.
#![allow(clippy::result_large_err, reason = "keeps the wrapped per-status errors matchable in one pattern")]

use std::collections::HashMap;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use serde_json::{Map, Value};
use tokio::sync::OnceCell;
use url::Url;
use uuid::Uuid;

use crate::social::runtime;
use crate::social::{
    Client, ConnectorAction, ExecuteConnectorActionError, ExecuteConnectorActionResponse, GetConnectorsActionsError,
    PostConnectorsFilesError,
};

/// Everything that can go wrong while listing, validating, staging for and executing connector
/// actions. The last three variants wrap the generated client's errors unchanged, so every
/// documented status stays matchable (e.g. `Error::Execute(runtime::Error::Api { error: ExecuteConnectorActionError::Conflict(_), .. })`).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The catalog has no action with this slug; nothing was sent. `close_matches` holds the
    /// catalog's slugs closest to it, best first (empty when none is close).
    #[error("no connector action `{slug}` in the catalog{}", did_you_mean(.close_matches))]
    UnknownAction { slug: String, close_matches: Vec<String> },
    /// The parameters do not match the action's `parameters` schema; nothing was sent.
    /// `violations` lists every one of them.
    #[error("the parameters of `{action}` do not match its schema: {}", list_violations(.violations))]
    InvalidParameters { action: String, violations: Vec<Violation> },
    /// The action's connector is not connected for this account (per the catalog); nothing was
    /// sent. Authorize the connector via `POST /api/connectors` and refresh the catalog, or skip the
    /// check with [`Execute::skip_connection_check`].
    #[error(
        "`{action}` belongs to the `{connector}` connector, which is not connected for this account \
         (authorize it via POST /api/connectors, then refresh the catalog)"
    )]
    NotConnected { action: String, connector: String },
    /// The catalog's `parameters` schema for this action is not a valid JSON Schema (or refers to a
    /// document that cannot be resolved offline), so parameters cannot be checked; nothing was sent.
    #[error("the catalog's `parameters` of `{action}` is not a usable JSON Schema: {reason}")]
    InvalidSchema { action: String, reason: String },
    /// The parameter named for a staged file is not a `file_uploadable` parameter of the action;
    /// nothing was sent. `file_parameters` lists the ones it has.
    #[error("`{parameter}` is not a file_uploadable parameter of `{action}` ({})", list_file_parameters(.file_parameters))]
    NotAFileParameter { action: String, parameter: String, file_parameters: Vec<String> },
    /// `GET /api/connectors/actions` failed.
    #[error("fetching the connector action catalog failed: {0}")]
    Catalog(#[source] runtime::Error<GetConnectorsActionsError>),
    /// `POST /api/connectors/files` failed for the file meant for `parameter`; the action was not
    /// executed.
    #[error("staging the file for `{parameter}` failed: {source}")]
    Stage {
        parameter: String,
        #[source]
        source: runtime::Error<PostConnectorsFilesError>,
    },
    /// `POST /api/connectors/actions` failed.
    #[error("executing the connector action failed: {0}")]
    Execute(#[source] runtime::Error<ExecuteConnectorActionError>),
}

/// One way in which parameters break an action's schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// JSON pointer to the offending value inside `parameters` (`""` for the parameters object
    /// itself, `/values/0` for the first item of `values`).
    pub pointer: String,
    /// JSON pointer to the schema keyword that refused it (e.g. `/properties/values/type`).
    pub schema_pointer: String,
    /// What is wrong, as the validator words it.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // An empty pointer is easy to miss in a message; name it.
        let at = if self.pointer.is_empty() { "(root)" } else { &self.pointer };
        write!(f, "at {at}: {}", self.message)
    }
}

fn did_you_mean(close_matches: &[String]) -> String {
    match close_matches {
        [] => String::new(),
        [only] => format!("; did you mean `{only}`?"),
        many => format!("; did you mean one of `{}`?", many.join("`, `")),
    }
}

fn list_violations(violations: &[Violation]) -> String {
    violations.iter().map(Violation::to_string).collect::<Vec<_>>().join("; ")
}

fn list_file_parameters(file_parameters: &[String]) -> String {
    if file_parameters.is_empty() {
        "it has none".to_owned()
    } else {
        format!("it has `{}`", file_parameters.join("`, `"))
    }
}

/// Connector actions with their catalog cached per account. Cheap to clone: clones share the
/// client and the cache, and every method takes `&self`, so one value serves many tasks.
#[derive(Clone)]
pub struct Connectors {
    inner: Arc<Inner>,
}

struct Inner {
    client: Client,
    /// One cell per account (`None` is the caller's own): the first caller fetches, concurrent
    /// callers wait for that fetch instead of sending their own, and a failed fetch leaves the cell
    /// empty so the next call tries again.
    catalogs: Mutex<CatalogCells>,
}

type CatalogCells = HashMap<Option<Uuid>, Arc<OnceCell<Arc<Catalog>>>>;

impl fmt::Debug for Connectors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cached: Vec<Option<Uuid>> = self.cells().keys().copied().collect();
        f.debug_struct("Connectors").field("client", &self.inner.client).field("cached_accounts", &cached).finish()
    }
}

impl From<&crate::Client> for Connectors {
    fn from(client: &crate::Client) -> Self {
        Self::new(client)
    }
}

impl Connectors {
    /// Connector actions through `client` (its base URL, credentials, timeouts, retries and hooks
    /// apply to every call). Keep one `Connectors` and clone it: the catalog cache is shared.
    pub fn new(client: &crate::Client) -> Self {
        Self { inner: Arc::new(Inner { client: client.social(), catalogs: Mutex::new(HashMap::new()) }) }
    }

    /// The generated client underneath, for the calls this module does not wrap.
    pub fn client(&self) -> &Client {
        &self.inner.client
    }

    /// The action catalog of `account_id` (`None`: the authenticated account), fetched on the first
    /// call and then served from the cache until [`Connectors::refresh`].
    pub async fn catalog(&self, account_id: impl Into<Option<Uuid>>) -> Result<Arc<Catalog>, Error> {
        let account_id = account_id.into();
        let cell = Arc::clone(self.cells().entry(account_id).or_default());
        cell.get_or_try_init(|| self.fetch(account_id)).await.cloned()
    }

    /// Fetches the catalog of `account_id` again (e.g. after connecting a connector) and caches it
    /// in place of the previous one.
    pub async fn refresh(&self, account_id: impl Into<Option<Uuid>>) -> Result<Arc<Catalog>, Error> {
        let account_id = account_id.into();
        let catalog = self.fetch(account_id).await?;
        self.cells().insert(account_id, Arc::new(OnceCell::new_with(Some(Arc::clone(&catalog)))));
        Ok(catalog)
    }

    /// The action `slug` from the authenticated account's catalog (fetched if not cached yet).
    /// For another account: `connectors.catalog(account_id).await?.action(slug)`.
    pub async fn action(&self, slug: &str) -> Result<Action, Error> {
        self.catalog(None).await?.action(slug).cloned()
    }

    /// Executes the action `slug` with `parameters` (a JSON object), once they match the action's
    /// schema and its connector is connected. Returns a builder: set options on it (account,
    /// connection check, files to stage), then `.await` it.
    pub fn execute(&self, slug: impl Into<String>, parameters: impl Into<Value>) -> Execute<'_> {
        Execute {
            connectors: self,
            slug: slug.into(),
            parameters: parameters.into(),
            account_id: None,
            check_connection: true,
            files: Vec::new(),
        }
    }

    /// Stages the image at `url` for the action `slug`, puts the returned descriptor into its
    /// `file_uploadable` parameter `parameter` (appended when that parameter is an array), then
    /// validates `parameters` and executes. Same as `execute(slug, parameters).stage_file(parameter, url)`.
    pub fn stage_file_and_execute(
        &self,
        slug: impl Into<String>,
        parameter: impl Into<String>,
        url: Url,
        parameters: impl Into<Value>,
    ) -> Execute<'_> {
        self.execute(slug, parameters).stage_file(parameter, url)
    }

    fn cells(&self) -> std::sync::MutexGuard<'_, CatalogCells> {
        // The map is only read or replaced whole under the lock, so a panic elsewhere cannot have
        // left it half-updated: a poisoned lock is still consistent.
        self.inner.catalogs.lock().unwrap_or_else(PoisonError::into_inner)
    }

    async fn fetch(&self, account_id: Option<Uuid>) -> Result<Arc<Catalog>, Error> {
        let mut request = self.inner.client.get_connectors_actions();
        if let Some(account_id) = account_id {
            request = request.account_id(account_id);
        }
        let response = request.await.map_err(Error::Catalog)?;
        Ok(Arc::new(Catalog::new(account_id, response.actions)))
    }
}

/// One account's connector actions as `GET /api/connectors/actions` listed them, in its order.
#[derive(Debug)]
pub struct Catalog {
    account_id: Option<Uuid>,
    actions: Vec<Action>,
    by_slug: HashMap<String, usize>,
}

impl Catalog {
    fn new(account_id: Option<Uuid>, actions: Vec<ConnectorAction>) -> Self {
        let actions: Vec<Action> = actions.into_iter().map(Action::new).collect();
        let mut by_slug = HashMap::with_capacity(actions.len());
        for (index, action) in actions.iter().enumerate() {
            // Slugs are unique per the spec; should one repeat, the first listed wins, as a reader
            // of the list would assume.
            by_slug.entry(action.slug().to_owned()).or_insert(index);
        }
        Self { account_id, actions, by_slug }
    }

    /// The account this catalog belongs to (`None`: the authenticated account).
    pub fn account_id(&self) -> Option<Uuid> {
        self.account_id
    }

    /// The action with exactly this slug, or [`Error::UnknownAction`] naming the closest slugs.
    pub fn action(&self, slug: &str) -> Result<&Action, Error> {
        self.get(slug).ok_or_else(|| Error::UnknownAction {
            slug: slug.to_owned(),
            close_matches: close_matches(slug, self.actions.iter().map(Action::slug)),
        })
    }

    /// The action with exactly this slug, if listed.
    pub fn get(&self, slug: &str) -> Option<&Action> {
        self.by_slug.get(slug).and_then(|&index| self.actions.get(index))
    }

    /// Every action, in the order the API listed them.
    pub fn actions(&self) -> &[Action] {
        &self.actions
    }

    /// The actions whose connector is connected, i.e. those that can be executed now.
    pub fn connected(&self) -> impl Iterator<Item = &Action> {
        self.actions.iter().filter(|action| action.is_connected())
    }

    /// How many actions are listed.
    pub fn len(&self) -> usize {
        self.actions.len()
    }

    /// Whether no action is listed.
    pub fn is_empty(&self) -> bool {
        self.actions.is_empty()
    }
}

/// How many close matches an unknown slug reports: enough to spot the intended one, few enough to read.
const MAX_CLOSE_MATCHES: usize = 3;
/// The similarity (normalized Damerau-Levenshtein, 1.0 = equal) above which a slug counts as close:
/// a typo or two in a long slug stays well above it, an unrelated slug of the same connector below.
const CLOSE_ENOUGH: f64 = 0.7;

/// The catalog slugs closest to `wanted`, best first. Slugs are UPPERCASE_SNAKE_CASE, so `wanted`
/// is compared in that form (a lower-case or dashed spelling of a slug is its closest match), and a
/// slug containing `wanted` whole (a slug without its connector prefix) counts as close too.
fn close_matches<'a>(wanted: &str, slugs: impl Iterator<Item = &'a str>) -> Vec<String> {
    let wanted: String =
        wanted.trim().chars().map(|c| if c.is_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect();
    let mut scored: Vec<(f64, &str)> = slugs
        .filter_map(|slug| {
            let similarity = strsim::normalized_damerau_levenshtein(&wanted, slug);
            // Containment ranks above typos of other slugs but below an exact (case-folded) match.
            let score = if slug == wanted {
                2.0
            } else if wanted.len() >= 4 && slug.contains(&wanted) {
                1.0 + similarity
            } else {
                similarity
            };
            (score >= CLOSE_ENOUGH).then_some((score, slug))
        })
        .collect();
    scored.sort_by(|(a_score, a_slug), (b_score, b_slug)| b_score.total_cmp(a_score).then_with(|| a_slug.cmp(b_slug)));
    scored.dedup_by(|(_, a), (_, b)| a == b);
    scored.into_iter().take(MAX_CLOSE_MATCHES).map(|(_, slug)| slug.to_owned()).collect()
}

/// One action of a [`Catalog`]: its listing and its compiled `parameters` schema. Cheap to clone
/// (shared); the schema is compiled on first use, once, and the result kept.
#[derive(Clone)]
pub struct Action {
    inner: Arc<ActionInner>,
}

struct ActionInner {
    listing: ConnectorAction,
    /// Compiled lazily: a catalog can list hundreds of actions and a program uses a few, and one
    /// action's broken schema must not make the rest of the catalog unusable.
    validator: OnceLock<Result<jsonschema::Validator, String>>,
}

impl fmt::Debug for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Action")
            .field("slug", &self.slug())
            .field("connector_slug", &self.connector_slug())
            .field("is_connected", &self.is_connected())
            .finish_non_exhaustive()
    }
}

/// The stand-in for a file descriptor while the rest of the parameters are checked before staging;
/// its contents never matter because violations under a file parameter are ignored at that point.
fn placeholder_descriptor() -> Value {
    let mut descriptor = Map::new();
    for member in ["name", "mimetype", "s3key"] {
        descriptor.insert(member.to_owned(), Value::String(String::new()));
    }
    Value::Object(descriptor)
}

/// Where a staged file's descriptor goes in the parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Placement {
    /// The parameter is an array of descriptors: append to it.
    Append,
    /// The parameter is one descriptor: set it.
    Set,
}

impl Placement {
    fn place(self, parameters: &mut Map<String, Value>, parameter: &str, descriptor: Value) {
        match (self, parameters.get_mut(parameter)) {
            (Placement::Append, Some(Value::Array(items))) => items.push(descriptor),
            (Placement::Append, _) => {
                parameters.insert(parameter.to_owned(), Value::Array(vec![descriptor]));
            }
            (Placement::Set, _) => {
                parameters.insert(parameter.to_owned(), descriptor);
            }
        }
    }
}

fn is_file_uploadable(schema: &Value) -> bool {
    schema.get("file_uploadable") == Some(&Value::Bool(true))
}

fn is_array_schema(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(kind)) => kind == "array",
        Some(Value::Array(kinds)) => kinds.iter().any(|kind| kind == "array"),
        _ => schema.get("items").is_some(),
    }
}

/// `name` as one JSON pointer token (RFC 6901: `~` and `/` escaped).
fn pointer_token(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

impl Action {
    fn new(listing: ConnectorAction) -> Self {
        Self { inner: Arc::new(ActionInner { listing, validator: OnceLock::new() }) }
    }

    /// The slug to execute it by (UPPERCASE_SNAKE_CASE).
    pub fn slug(&self) -> &str {
        &self.inner.listing.slug
    }

    /// The human-readable name.
    pub fn name(&self) -> &str {
        &self.inner.listing.name
    }

    /// What the action does.
    pub fn description(&self) -> &str {
        &self.inner.listing.description
    }

    /// The slug of the connector it belongs to (e.g. `googlesheets`).
    pub fn connector_slug(&self) -> &str {
        &self.inner.listing.connector_slug
    }

    /// Whether its connector was connected when the catalog was fetched; only then can it run.
    pub fn is_connected(&self) -> bool {
        self.inner.listing.is_connected
    }

    /// The JSON Schema its `parameters` must match, as listed.
    pub fn parameters_schema(&self) -> &Map<String, Value> {
        &self.inner.listing.parameters
    }

    /// The listing as the API returned it.
    pub fn listing(&self) -> &ConnectorAction {
        &self.inner.listing
    }

    /// The top-level parameters that take staged files: those whose schema, or whose items'
    /// schema, is marked `file_uploadable: true`.
    pub fn file_parameters(&self) -> Vec<&str> {
        self.properties()
            .map(|properties| {
                properties
                    .iter()
                    .filter(|(_, schema)| {
                        is_file_uploadable(schema) || schema.get("items").is_some_and(is_file_uploadable)
                    })
                    .map(|(name, _)| name.as_str())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Checks `parameters` against the action's schema: `Ok` when they match,
    /// [`Error::InvalidParameters`] with every violation when they do not (including parameters
    /// that are not a JSON object at all), [`Error::InvalidSchema`] when the schema itself is unusable.
    pub fn validate(&self, parameters: &Value) -> Result<(), Error> {
        let violations = self.violations(parameters)?;
        if violations.is_empty() { Ok(()) } else { Err(self.invalid(violations)) }
    }

    fn properties(&self) -> Option<&Map<String, Value>> {
        self.inner.listing.parameters.get("properties").and_then(Value::as_object)
    }

    fn validator(&self) -> Result<&jsonschema::Validator, Error> {
        let compiled = self.inner.validator.get_or_init(|| {
            let schema = Value::Object(self.inner.listing.parameters.clone());
            // Offline: a catalog schema that points elsewhere is reported, never fetched (and a
            // blocking fetch inside an async runtime is what the validator warns against).
            jsonschema::options().offline().build(&schema).map_err(|error| {
                let at = error.instance_path().as_str();
                if at.is_empty() { error.to_string() } else { format!("{error} (at {at} in the schema)") }
            })
        });
        compiled
            .as_ref()
            .map_err(|reason| Error::InvalidSchema { action: self.slug().to_owned(), reason: reason.clone() })
    }

    fn violations(&self, parameters: &Value) -> Result<Vec<Violation>, Error> {
        let validator = self.validator()?;
        let mut violations: Vec<Violation> = validator
            .iter_errors(parameters)
            .map(|error| Violation {
                pointer: error.instance_path().as_str().to_owned(),
                schema_pointer: error.schema_path().as_str().to_owned(),
                message: error.to_string(),
            })
            .collect();
        // The request carries parameters as an object whatever the schema says, so a schema that
        // does not insist on it must not let another value through.
        let type_refused_at_root =
            violations.iter().any(|v| v.pointer.is_empty() && v.schema_pointer.ends_with("/type"));
        if !parameters.is_object() && !type_refused_at_root {
            let kind = match parameters {
                Value::Null => "null",
                Value::Bool(_) => "a boolean",
                Value::Number(_) => "a number",
                Value::String(_) => "a string",
                Value::Array(_) => "an array",
                Value::Object(_) => "an object",
            };
            let message = format!("parameters must be a JSON object, not {kind}");
            violations.insert(0, Violation { pointer: String::new(), schema_pointer: String::new(), message });
        }
        Ok(violations)
    }

    fn invalid(&self, violations: Vec<Violation>) -> Error {
        Error::InvalidParameters { action: self.slug().to_owned(), violations }
    }

    /// Checks `parameters` (an object) in place, without copying them.
    fn validate_object(&self, parameters: &mut Map<String, Value>) -> Result<(), Error> {
        let value = Value::Object(std::mem::take(parameters));
        let result = self.validate(&value);
        if let Value::Object(map) = value {
            *parameters = map;
        }
        result
    }

    /// Where a descriptor for `parameter` goes, or [`Error::NotAFileParameter`].
    fn placement(&self, parameter: &str) -> Result<Placement, Error> {
        let schema = self.properties().and_then(|properties| properties.get(parameter));
        match schema {
            Some(schema) if is_file_uploadable(schema) && is_array_schema(schema) => Ok(Placement::Append),
            Some(schema) if is_file_uploadable(schema) => Ok(Placement::Set),
            Some(schema) if schema.get("items").is_some_and(is_file_uploadable) => Ok(Placement::Append),
            _ => Err(Error::NotAFileParameter {
                action: self.slug().to_owned(),
                parameter: parameter.to_owned(),
                file_parameters: self.file_parameters().into_iter().map(str::to_owned).collect(),
            }),
        }
    }
}

/// A file to stage before executing: its URL and the parameter its descriptor goes into.
#[derive(Clone, Debug)]
struct FileToStage {
    parameter: String,
    url: Url,
}

/// An action execution being set up by [`Connectors::execute`]: set options, then `.await` it (or
/// call [`Execute::send`]). Nothing is sent until then.
#[must_use = "an execution does nothing until it is awaited or sent"]
#[derive(Debug)]
pub struct Execute<'a> {
    connectors: &'a Connectors,
    slug: String,
    parameters: Value,
    account_id: Option<Uuid>,
    check_connection: bool,
    files: Vec<FileToStage>,
}

impl<'a> Execute<'a> {
    /// Executes on behalf of another account (an artist, workspace or organization the
    /// authenticated account has access to), checked against that account's catalog.
    pub fn account_id(mut self, account_id: Uuid) -> Self {
        self.account_id = Some(account_id);
        self
    }

    /// Sends the request even when the catalog says the action's connector is not connected
    /// (e.g. it was connected after the catalog was fetched). If it still is not, the API's 409
    /// comes back as `Error::Execute(runtime::Error::Api { error: ExecuteConnectorActionError::Conflict(_), .. })`.
    pub fn skip_connection_check(mut self) -> Self {
        self.check_connection = false;
        self
    }

    /// Stages the image at `url` for this action before executing, and puts the returned
    /// descriptor (`name`, `mimetype`, `s3key`) into the `file_uploadable` parameter `parameter`:
    /// appended when the parameter is an array of files (so several calls add several files), set
    /// otherwise. The other parameters are validated before anything is staged.
    pub fn stage_file(mut self, parameter: impl Into<String>, url: Url) -> Self {
        self.files.push(FileToStage { parameter: parameter.into(), url });
        self
    }

    /// Runs the whole execution: catalog (cached), lookup, connection check, validation, staging,
    /// validation with the staged descriptors, then `POST /api/connectors/actions`.
    pub async fn send(self) -> Result<ExecuteConnectorActionResponse, Error> {
        let Execute { connectors, slug, parameters, account_id, check_connection, files } = self;
        let catalog = connectors.catalog(account_id).await?;
        let action = catalog.action(&slug)?;
        if check_connection && !action.is_connected() {
            return Err(Error::NotConnected {
                action: action.slug().to_owned(),
                connector: action.connector_slug().to_owned(),
            });
        }
        let mut parameters = match parameters {
            Value::Object(parameters) => parameters,
            other => return Err(action.invalid(action.violations(&other)?)),
        };
        if !files.is_empty() {
            let placements =
                files.iter().map(|file| action.placement(&file.parameter)).collect::<Result<Vec<_>, _>>()?;
            precheck_before_staging(action, &parameters, &files, &placements)?;
            for (file, placement) in files.iter().zip(&placements) {
                let staged = connectors
                    .client()
                    .post_connectors_files(file.url.clone(), action.slug())
                    .await
                    .map_err(|source| Error::Stage { parameter: file.parameter.clone(), source })?;
                let mut descriptor = Map::new();
                descriptor.insert("name".to_owned(), Value::String(staged.name));
                descriptor.insert("mimetype".to_owned(), Value::String(staged.mimetype));
                descriptor.insert("s3key".to_owned(), Value::String(staged.s3key));
                placement.place(&mut parameters, &file.parameter, Value::Object(descriptor));
            }
        }
        action.validate_object(&mut parameters)?;
        let mut request = connectors.client().execute_connector_action(action.slug(), parameters);
        if let Some(account_id) = account_id {
            request = request.account_id(account_id);
        }
        request.await.map_err(Error::Execute)
    }
}

/// Validates everything but the file parameters before any file is staged, so a mistake elsewhere
/// costs no upload: each file parameter gets a placeholder descriptor (so `required` and
/// `minItems` are met) and violations inside a file parameter are left to the final check.
fn precheck_before_staging(
    action: &Action,
    parameters: &Map<String, Value>,
    files: &[FileToStage],
    placements: &[Placement],
) -> Result<(), Error> {
    let mut trial = parameters.clone();
    for (file, placement) in files.iter().zip(placements) {
        placement.place(&mut trial, &file.parameter, placeholder_descriptor());
    }
    let file_pointers: Vec<String> = files.iter().map(|file| format!("/{}", pointer_token(&file.parameter))).collect();
    let violations: Vec<Violation> = action
        .violations(&Value::Object(trial))?
        .into_iter()
        .filter(|violation| {
            !file_pointers.iter().any(|file| {
                violation.pointer == *file
                    || violation.pointer.strip_prefix(file.as_str()).is_some_and(|rest| rest.starts_with('/'))
            })
        })
        .collect();
    if violations.is_empty() { Ok(()) } else { Err(action.invalid(violations)) }
}

impl<'a> IntoFuture for Execute<'a> {
    type Output = Result<ExecuteConnectorActionResponse, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SLUGS: [&str; 5] = [
        "GOOGLESHEETS_WRITE_SPREADSHEET",
        "GOOGLESHEETS_READ_SPREADSHEET",
        "GOOGLESHEETS_CREATE_SPREADSHEET",
        "TIKTOK_POST_VIDEO",
        "LINKEDIN_CREATE_LINKED_IN_POST",
    ];

    fn matches(wanted: &str) -> Vec<String> {
        close_matches(wanted, SLUGS.iter().copied())
    }

    #[test]
    fn a_typo_suggests_the_intended_slug_first() {
        let found = matches("GOOGLESHEETS_WRITE_SPREADSHET");
        assert_eq!(found.first().map(String::as_str), Some("GOOGLESHEETS_WRITE_SPREADSHEET"));
        assert!(found.len() <= MAX_CLOSE_MATCHES);
    }

    #[test]
    fn another_spelling_of_a_slug_is_its_closest_match() {
        assert_eq!(matches("tiktok-post-video"), vec!["TIKTOK_POST_VIDEO".to_owned()]);
        assert_eq!(
            matches(" googlesheets write spreadsheet ").first().map(String::as_str),
            Some("GOOGLESHEETS_WRITE_SPREADSHEET")
        );
    }

    #[test]
    fn a_slug_without_its_prefix_finds_the_slugs_containing_it() {
        assert_eq!(matches("CREATE_LINKED_IN_POST"), vec!["LINKEDIN_CREATE_LINKED_IN_POST".to_owned()]);
    }

    #[test]
    fn an_unrelated_slug_has_no_close_match() {
        assert!(matches("SPOTIFY_PLAY").is_empty(), "{:?}", matches("SPOTIFY_PLAY"));
        assert!(matches("").is_empty());
    }

    #[test]
    fn descriptors_append_to_arrays_and_set_single_files() {
        let mut parameters = Map::new();
        parameters.insert("images".into(), json!([{"s3key": "first"}]));
        Placement::Append.place(&mut parameters, "images", json!({"s3key": "second"}));
        Placement::Append.place(&mut parameters, "photos", json!({"s3key": "third"}));
        Placement::Set.place(&mut parameters, "attachment", json!({"s3key": "fourth"}));
        assert_eq!(
            Value::Object(parameters),
            json!({
                "images": [{"s3key": "first"}, {"s3key": "second"}],
                "photos": [{"s3key": "third"}],
                "attachment": {"s3key": "fourth"}
            })
        );
    }

    #[test]
    fn pointer_tokens_escape_tilde_and_slash() {
        assert_eq!(pointer_token("a/b~c"), "a~1b~0c");
    }
}
