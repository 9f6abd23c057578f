//! OpenAPI's closed vocabularies (HTTP methods, parameter locations and styles, statuses, media
//! types, formats), each parsed once here with one rule, so later passes match on enums.

use std::fmt;

/// The HTTP methods a path item may hold operations for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HttpMethod {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl HttpMethod {
    /// The method of a path item key (`get`); other keys (`parameters`, `x-...`) are not methods.
    pub fn parse(key: &str) -> Option<Self> {
        Some(match key {
            "get" => HttpMethod::Get,
            "put" => HttpMethod::Put,
            "post" => HttpMethod::Post,
            "delete" => HttpMethod::Delete,
            "options" => HttpMethod::Options,
            "head" => HttpMethod::Head,
            "patch" => HttpMethod::Patch,
            "trace" => HttpMethod::Trace,
            _ => return None,
        })
    }

    /// The method as HTTP writes it: `GET`.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParameterLocation {
    Path,
    Query,
    Header,
    Cookie,
}

impl ParameterLocation {
    /// The location of an `in` value.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "path" => ParameterLocation::Path,
            "query" => ParameterLocation::Query,
            "header" => ParameterLocation::Header,
            "cookie" => ParameterLocation::Cookie,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ParameterLocation::Path => "path",
            ParameterLocation::Query => "query",
            ParameterLocation::Header => "header",
            ParameterLocation::Cookie => "cookie",
        }
    }
}

/// How a parameter (or a form member, through `encoding`) is serialised: OpenAPI's `style`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParameterStyle {
    Simple,
    Label,
    Matrix,
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

impl ParameterStyle {
    /// The style a `style` value names, whatever the location.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "simple" => ParameterStyle::Simple,
            "label" => ParameterStyle::Label,
            "matrix" => ParameterStyle::Matrix,
            "form" => ParameterStyle::Form,
            "spaceDelimited" => ParameterStyle::SpaceDelimited,
            "pipeDelimited" => ParameterStyle::PipeDelimited,
            "deepObject" => ParameterStyle::DeepObject,
            _ => return None,
        })
    }

    /// The style of a parameter in `location` that names none.
    pub fn default_for(location: ParameterLocation) -> Self {
        match location {
            ParameterLocation::Path | ParameterLocation::Header => ParameterStyle::Simple,
            ParameterLocation::Query | ParameterLocation::Cookie => ParameterStyle::Form,
        }
    }

    /// Whether OpenAPI allows the style in `location` (form members follow the query rules).
    pub fn applies_to(self, location: ParameterLocation) -> bool {
        use ParameterLocation as At;
        match self {
            ParameterStyle::Simple => matches!(location, At::Path | At::Header),
            ParameterStyle::Label | ParameterStyle::Matrix => location == At::Path,
            ParameterStyle::Form => matches!(location, At::Query | At::Cookie),
            ParameterStyle::SpaceDelimited | ParameterStyle::PipeDelimited | ParameterStyle::DeepObject => {
                location == At::Query
            }
        }
    }

    /// `explode` when the spec does not say: true for `form`, false for every other style.
    pub fn default_explode(self) -> bool {
        self == ParameterStyle::Form
    }
}

/// Which statuses a response entry covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    Code(u16),
    /// `2XX` and the like: the hundreds digit.
    Range(u16),
    Default,
}

impl StatusMatch {
    /// The statuses a key of `responses` covers: a code, a range, or `default`.
    pub fn parse(key: &str) -> Option<Self> {
        if key == "default" {
            return Some(StatusMatch::Default);
        }
        let bytes = key.as_bytes();
        if bytes.len() == 3 && (b'1'..=b'5').contains(&bytes[0]) && key[1..].eq_ignore_ascii_case("xx") {
            return Some(StatusMatch::Range(u16::from(bytes[0] - b'0')));
        }
        key.parse::<u16>().ok().filter(|code| (100..600).contains(code)).map(StatusMatch::Code)
    }
}

/// What a media type carries, read from its essence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaKind {
    /// `application/json`, `*/*+json`, `*/json+*` and `*/json`.
    Json,
    /// `*/*`: anything, which is read as JSON.
    Any,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/*`.
    Multipart,
    /// `text/event-stream`.
    EventStream,
    /// Any other `text/*`.
    Text,
    Other,
}

impl MediaKind {
    pub fn of(essence: &str) -> Self {
        let (family, subtype) = essence.split_once('/').unwrap_or((essence, ""));
        match essence {
            "*/*" => MediaKind::Any,
            _ if subtype == "json" || subtype.ends_with("+json") || subtype.starts_with("json+") => MediaKind::Json,
            "application/x-www-form-urlencoded" => MediaKind::Form,
            "text/event-stream" => MediaKind::EventStream,
            _ if family == "multipart" => MediaKind::Multipart,
            _ if family == "text" => MediaKind::Text,
            _ => MediaKind::Other,
        }
    }
}

/// A media type's essence: `application/json; charset=utf-8` gives `application/json`.
pub fn media_essence(media_type: &str) -> String {
    media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

/// A schema's `format`: the ones the generator types or synthesises by name, else as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Format {
    Int32,
    Int64,
    Uint32,
    Uint64,
    /// `uint`, an unsized unsigned integer some specs write.
    Uint,
    Float,
    Double,
    Uuid,
    DateTime,
    Date,
    Time,
    Uri,
    Url,
    Email,
    Hostname,
    Ipv4,
    Ipv6,
    Binary,
    Byte,
    /// Any other format: JSON Schema lets a spec name its own.
    Other(String),
}

impl Format {
    pub fn parse(text: &str) -> Self {
        match text {
            "int32" => Format::Int32,
            "int64" => Format::Int64,
            "uint32" => Format::Uint32,
            "uint64" => Format::Uint64,
            "uint" => Format::Uint,
            "float" => Format::Float,
            "double" => Format::Double,
            "uuid" => Format::Uuid,
            "date-time" => Format::DateTime,
            "date" => Format::Date,
            "time" => Format::Time,
            "uri" => Format::Uri,
            "url" => Format::Url,
            "email" => Format::Email,
            "hostname" => Format::Hostname,
            "ipv4" => Format::Ipv4,
            "ipv6" => Format::Ipv6,
            "binary" => Format::Binary,
            "byte" => Format::Byte,
            other => Format::Other(other.to_owned()),
        }
    }

    /// The format as the spec writes it.
    pub fn as_str(&self) -> &str {
        match self {
            Format::Int32 => "int32",
            Format::Int64 => "int64",
            Format::Uint32 => "uint32",
            Format::Uint64 => "uint64",
            Format::Uint => "uint",
            Format::Float => "float",
            Format::Double => "double",
            Format::Uuid => "uuid",
            Format::DateTime => "date-time",
            Format::Date => "date",
            Format::Time => "time",
            Format::Uri => "uri",
            Format::Url => "url",
            Format::Email => "email",
            Format::Hostname => "hostname",
            Format::Ipv4 => "ipv4",
            Format::Ipv6 => "ipv6",
            Format::Binary => "binary",
            Format::Byte => "byte",
            Format::Other(text) => text,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
