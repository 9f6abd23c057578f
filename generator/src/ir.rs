//! The `ir` layer: what Rust we write. Names, ownership and serde representation are all decided.
//!
//! Plain data in an arena (`TypeId` indexes [`Module::types`]); `emit` destructures it exhaustively
//! and makes no OpenAPI decisions of its own.

/// Index of a type definition in [`Module::types`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

/// One generated module: the bindings of one spec.
#[derive(Debug, Default)]
pub struct Module {
    pub title: String,
    pub version: String,
    pub doc: Vec<String>,
    pub types: Vec<TypeDef>,
    pub client: ClientDef,
    pub operations: Vec<OperationDef>,
}

/// A reference to a Rust type, as written at a use site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeRef {
    Named(TypeId),
    Bool,
    I32,
    I64,
    U32,
    U64,
    F64,
    String,
    Uuid,
    DateTime,
    Date,
    Url,
    /// Raw bytes (`bytes::Bytes`).
    Bytes,
    /// A request body sent as it is, possibly streamed (`reqwest::Body`).
    StreamBody,
    /// One file of a multipart body (`runtime::FilePart`).
    FilePart,
    /// A streamed response body (`runtime::ByteStream`).
    ByteStream,
    /// A stream of server-sent events with data of this type (`runtime::EventStream<T>`).
    EventStream(Box<TypeRef>),
    /// Any JSON value.
    Json,
    /// A JSON object with arbitrary members.
    JsonObject,
    Vec(Box<TypeRef>),
    /// A string-keyed map in document order of the wire (BTreeMap: deterministic re-encoding).
    Map(Box<TypeRef>),
    Option(Box<TypeRef>),
    Box(Box<TypeRef>),
}

#[derive(Debug)]
pub enum TypeDef {
    Struct(StructDef),
    Enum(EnumDef),
    Union(UnionDef),
    Alias(AliasDef),
    Newtype(NewtypeDef),
    Multipart(MultipartDef),
    MediaChoice(MediaChoiceDef),
}

impl TypeDef {
    pub fn name(&self) -> &str {
        match self {
            TypeDef::Struct(def) => &def.name,
            TypeDef::Enum(def) => &def.name,
            TypeDef::Union(def) => &def.name,
            TypeDef::Alias(def) => &def.name,
            TypeDef::Newtype(def) => &def.name,
            TypeDef::Multipart(def) => &def.name,
            TypeDef::MediaChoice(def) => &def.name,
        }
    }
}

#[derive(Debug)]
pub struct StructDef {
    pub name: String,
    pub doc: Vec<String>,
    pub fields: Vec<Field>,
    /// Members not declared as fields, kept in a flattened map.
    pub additional: Option<AdditionalField>,
    /// Every field is optional, so the struct can derive `Default`.
    pub derive_default: bool,
}

/// The flattened map keeping an object's undeclared members.
#[derive(Debug)]
pub struct AdditionalField {
    pub name: String,
    /// The type of each member's value.
    pub ty: TypeRef,
}

#[derive(Debug)]
pub struct Field {
    pub name: String,
    pub wire_name: String,
    pub doc: Vec<String>,
    pub ty: TypeRef,
    /// The member may be absent: `None` is skipped when encoding and assumed when missing.
    pub optional: bool,
    pub deprecated: bool,
    /// The field holds members of the enclosing object (`#[serde(flatten)]`); `wire_name` is unused.
    pub flatten: bool,
}

/// A closed set of string values plus a variant keeping any other value the server sends.
#[derive(Debug)]
pub struct EnumDef {
    pub name: String,
    pub doc: Vec<String>,
    pub variants: Vec<EnumVariant>,
    /// Name of the variant holding unlisted values.
    pub fallback: String,
}

#[derive(Debug)]
pub struct EnumVariant {
    pub name: String,
    pub wire_value: String,
    pub doc: Vec<String>,
}

/// A `oneOf`/`anyOf` without a usable tag: the decoder picks the best-matching variant.
#[derive(Debug)]
pub struct UnionDef {
    pub name: String,
    pub doc: Vec<String>,
    pub variants: Vec<UnionVariant>,
    /// Name of the variant keeping a value no other variant accepts.
    pub fallback: String,
}

#[derive(Debug)]
pub struct UnionVariant {
    pub name: String,
    pub doc: Vec<String>,
    pub ty: TypeRef,
    /// Wire names of the object members this variant requires (empty for non-objects).
    pub required: Vec<String>,
    /// Wire names of every object member this variant declares.
    pub known: Vec<String>,
    /// The members whose values select this variant.
    pub tags: Vec<UnionTag>,
}

/// A member of a union variant restricted to a few string values: a value carrying another one
/// is not this variant.
#[derive(Debug)]
pub struct UnionTag {
    /// The member's wire name.
    pub member: String,
    pub values: Vec<String>,
    /// The spec only implies the tag (a discriminator without a mapping names the variant's
    /// schema): a match selects the variant, another value does not rule it out.
    pub implied: bool,
}

/// A response body offered in several media types, one variant each.
#[derive(Debug)]
pub struct MediaChoiceDef {
    pub name: String,
    pub doc: Vec<String>,
    pub variants: Vec<MediaVariant>,
}

#[derive(Debug)]
pub struct MediaVariant {
    pub name: String,
    pub ty: TypeRef,
    /// The media type's essence (`application/json`).
    pub media_type: String,
}

/// The fields of a `multipart/form-data` body, each sent as one part (or one part per file).
#[derive(Debug)]
pub struct MultipartDef {
    pub name: String,
    pub doc: Vec<String>,
    pub fields: Vec<MultipartField>,
    /// Parts the spec does not name (`additionalProperties`): a map, one text part per entry.
    pub additional: Option<AdditionalField>,
}

#[derive(Debug)]
pub struct MultipartField {
    pub name: String,
    pub wire_name: String,
    pub doc: Vec<String>,
    /// `FilePart`, `Vec<FilePart>`, a value sent as text (JSON for non-strings), or a `Vec` of
    /// those; `Option` when optional (never a `Vec`, which is empty instead).
    pub ty: TypeRef,
    pub kind: PartKind,
    pub optional: bool,
    /// The part's content type from the spec's `encoding`, if given.
    pub content_type: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartKind {
    File,
    /// An array of files: one part per file, all under the field's name.
    Files,
    Text,
    /// An array of other values: one text part per item, all under the field's name.
    Texts,
}

#[derive(Debug)]
pub struct AliasDef {
    pub name: String,
    pub doc: Vec<String>,
    pub ty: TypeRef,
}

/// A named type wrapping one value, encoded as the value itself (`#[serde(transparent)]`): what a
/// recursive array or map becomes, since a type alias cannot name itself.
#[derive(Debug)]
pub struct NewtypeDef {
    pub name: String,
    pub doc: Vec<String>,
    pub ty: TypeRef,
}

/// The client type's spec-specific parts.
#[derive(Debug, Default)]
pub struct ClientDef {
    /// The first server of the spec, when it is an absolute URL.
    pub default_base_url: Option<String>,
    pub auth: Vec<AuthDef>,
}

#[derive(Debug)]
pub struct AuthDef {
    /// Name of the `Client` method setting the credential.
    pub setter: String,
    pub doc: Vec<String>,
    pub kind: AuthKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthKind {
    /// The header name, lower-case.
    Header(String),
    Query(String),
    Cookie(String),
    Bearer,
    Basic,
}

#[derive(Debug)]
pub struct OperationDef {
    pub method_name: String,
    /// The request builder the method returns.
    pub builder_name: String,
    pub doc: Vec<String>,
    pub deprecated: bool,
    /// Upper-case HTTP method.
    pub http_method: String,
    /// The path as the spec writes it, templates included.
    pub route: String,
    pub path: Vec<PathPart>,
    pub params: Vec<ParamDef>,
    pub body: Option<BodyDef>,
    pub success: SuccessDef,
    pub error_name: String,
    pub error_doc: Vec<String>,
    pub responses: Vec<ResponseCase>,
    /// The error variant keeping a response of a status the spec does not document; `None` when a
    /// `default` response covers every other status.
    pub unknown_status: Option<String>,
    /// The headers documented on success responses, read into a struct of this name.
    pub headers: Option<HeadersDef>,
    /// Alternatives of credentials to send: the request is authorised by the first alternative
    /// whose credentials are all configured. Empty: no credentials.
    pub security: Vec<Vec<AuthKind>>,
    /// The server requests go to unless the client has a base URL: the operation's own, else
    /// the spec's first (absolute URLs only).
    pub server: Option<String>,
    /// How the operation's results page, when they do: its builder gets `pages()` and `items()`.
    pub pagination: Option<PaginationDef>,
}

/// A paginated operation: what advances from page to page, where the items are, what ends it.
#[derive(Debug)]
pub struct PaginationDef {
    /// How the operation pages, for the docs of `pages()` and `items()`.
    pub doc: Vec<String>,
    pub advance: PageAdvance,
    /// The page-size parameter (index into `OperationDef::params`) and its documented default.
    pub limit: Option<(usize, Option<u64>)>,
    /// From the success body to the array of items.
    pub items: MemberPath,
    /// The type of one item.
    pub item_ty: TypeRef,
    /// The success body's type.
    pub body_ty: TypeRef,
    /// Where the next cursor or URL comes from (its absence ends the stream), if anywhere.
    pub next: Option<NextSource>,
    /// A boolean member saying whether another page follows.
    pub has_more: Option<MemberPath>,
    pub total_pages: Option<MemberPath>,
    pub total_count: Option<MemberPath>,
    /// Optional parameters sent on the first page only (Dropshot's scan parameters).
    pub first_page_only: Vec<usize>,
}

/// What the request of the next page changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageAdvance {
    /// A page number parameter, counting from `first` (its default, else 1).
    Page { param: usize, first: u64 },
    /// An offset parameter, advanced by the number of items received.
    Offset { param: usize },
    /// A cursor parameter, set to the next cursor.
    Cursor { param: usize },
    /// The next page's URL, followed as it is (same origin only).
    Url,
}

/// Where the next cursor or URL is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextSource {
    /// A member of the success body.
    Member(MemberPath),
    /// A member of the last item.
    LastItem(MemberPath),
    /// The `Link` header's `rel="next"` URL.
    LinkHeader,
}

/// Fields from a struct down to a value, each step one field.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MemberPath {
    pub steps: Vec<MemberStep>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberStep {
    /// The Rust field name.
    pub field: String,
    /// The member's wire name (for docs).
    pub wire_name: String,
    /// The field's type is an `Option`.
    pub optional: bool,
}

#[derive(Debug)]
pub enum PathPart {
    Literal(String),
    /// Index into `OperationDef::params`.
    Param(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

/// OpenAPI's parameter styles (see `runtime::Style`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamStyle {
    Simple,
    Label,
    Matrix,
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

#[derive(Debug)]
pub struct ParamDef {
    pub name: String,
    pub wire_name: String,
    pub location: ParamLocation,
    pub style: ParamStyle,
    pub explode: bool,
    pub doc: Vec<String>,
    pub ty: TypeRef,
    pub required: bool,
}

#[derive(Debug)]
pub struct BodyDef {
    pub required: bool,
    pub doc: Vec<String>,
    /// The media types offered, the default first.
    pub media: Vec<BodyMedia>,
    /// With several media types: the enum the caller picks one with (variants named in `media`).
    pub choice: Option<String>,
    /// The body taken member by member instead of whole; `None`: taken whole.
    pub members: Option<BodyMembers>,
}

/// A required body that is one object type, built from the operation's arguments: required members
/// are arguments of the client method, optional ones setters of the request builder, so a member
/// the spec adds later is a new setter, not a change to every caller.
#[derive(Debug)]
pub struct BodyMembers {
    /// The struct the members build ([`TypeDef::Struct`]).
    pub ty: TypeId,
    /// One per field of the struct, in its order.
    pub members: Vec<BodyMember>,
    /// The setter of the struct's map of undeclared members, if it has one.
    pub additional: Option<String>,
}

#[derive(Debug)]
pub struct BodyMember {
    /// Index into the struct's fields.
    pub field: usize,
    /// The argument or setter name, unique among the builder's parameters and members.
    pub name: String,
    /// A method argument (a required member), else a builder setter.
    pub argument: bool,
}

#[derive(Debug)]
pub struct BodyMedia {
    pub variant: String,
    pub content_type: String,
    pub encoding: RequestEncoding,
    pub ty: TypeRef,
    /// Form members the spec's `encoding` gives a style.
    pub fields: Vec<FieldStyle>,
}

/// How one member of a form body is written.
#[derive(Debug)]
pub struct FieldStyle {
    pub wire_name: String,
    pub style: ParamStyle,
    pub explode: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestEncoding {
    Json,
    Text,
    /// Bytes, a file or a stream, sent as they are.
    Binary,
    Form,
    Multipart,
}

/// How a response body is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BodyEncoding {
    Json,
    Text,
    Bytes,
    /// Streamed as chunks, never held whole (`runtime::ByteStream`).
    ByteStream,
    /// `text/event-stream` whose `data` is JSON.
    JsonEvents,
    /// `text/event-stream` whose `data` is text.
    TextEvents,
    /// Several media types, each read into a variant of the `MediaChoice` type. The first is used
    /// when the response's `Content-Type` matches none.
    Choice(Vec<MediaCase>),
}

/// One media type of a response read into a variant of its `MediaChoice` type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MediaCase {
    /// The media type's essence, matched against the response's `Content-Type`.
    pub essence: String,
    pub variant: String,
    pub encoding: BodyEncoding,
}

#[derive(Debug)]
pub struct HeadersDef {
    pub name: String,
    pub doc: Vec<String>,
    /// Every field is an `Option` of its type.
    pub fields: Vec<HeaderField>,
}

#[derive(Debug)]
pub struct HeaderField {
    pub name: String,
    /// The header's name as the spec writes it.
    pub wire_name: String,
    pub ty: TypeRef,
    pub doc: Vec<String>,
}

/// What the method returns on success.
#[derive(Debug)]
pub enum SuccessDef {
    /// One success type (or `()` when no success response has content).
    Single(Option<TypeRef>),
    /// Several success statuses with different types: an enum named here.
    Enum { name: String, doc: Vec<String> },
}

/// How the response to one documented status is decoded and returned.
#[derive(Debug)]
pub struct ResponseCase {
    pub status: StatusPattern,
    /// Variant name in the success enum or the error enum.
    pub variant: String,
    pub doc: Vec<String>,
    pub body: Option<ResponseBody>,
    pub outcome: Outcome,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusPattern {
    Code(u16),
    Range(u16),
    Default,
}

#[derive(Debug)]
pub struct ResponseBody {
    pub ty: TypeRef,
    pub encoding: BodyEncoding,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Success,
    Error,
}
