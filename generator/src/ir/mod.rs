//! The intermediate representation: what an API means, with every OpenAPI detail resolved.
//!
//! This is the only model targets read. Every `$ref` is followed, inline schemas are named, names
//! are unique per API, and order is fixed (document order), so targets are plain functions of it.

mod analysis;
mod check;
mod http;
mod lower;
mod media;
mod names;
mod status;
mod visit;

pub use http::{Method, ParamStyle, PathTemplate, Segment};
use serde_json::Value;

pub use analysis::cycles::boxed_members;
pub use analysis::shapes::representatives;
pub use check::mismatch;
pub use lower::lower;
pub use visit::{Members, MembersMut};

/// One API: one OpenAPI document (possibly spread over several files).
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// Module / crate name chosen by the caller (e.g. `vinix`).
    pub name: String,
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// The root document's path, as given, for headers and docs.
    pub source: String,
    pub servers: Vec<Server>,
    pub security_schemes: Vec<SecurityScheme>,
    pub operations: Vec<Operation>,
    /// Named types, indexed by [`TypeId`]; names are unique (case-insensitively).
    pub types: Vec<TypeDef>,
}

impl Api {
    pub fn ty(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// The security schemes some operation uses and a client can apply, as sorted indexes into
    /// [`Api::security_schemes`]: every kind but [`SecurityKind::OtherHttp`], which no client
    /// applies (it is kept for docs).
    pub fn used_security_schemes(&self) -> Vec<usize> {
        let mut used: Vec<usize> = self
            .operations
            .iter()
            .flat_map(|op| op.security.iter().flat_map(|r| r.schemes.iter().copied()))
            .filter(|i| {
                self.security_schemes.get(*i).is_some_and(|s| !matches!(s.kind, SecurityKind::OtherHttp { .. }))
            })
            .collect();
        used.sort_unstable();
        used.dedup();
        used
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// URL template, e.g. `https://{tenant}.td.commpeak.com/api`.
    pub url: String,
    pub description: Option<String>,
    pub variables: Vec<ServerVariable>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    pub name: String,
    pub default: String,
    pub allowed: Vec<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// The key under `components.securitySchemes`.
    pub name: String,
    pub description: Option<String>,
    pub kind: SecurityKind,
    /// `openIdConnectUrl` of an OpenID Connect scheme (where clients discover its endpoints).
    pub open_id_connect_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SecurityKind {
    ApiKey {
        location: ApiKeyLocation,
        parameter: String,
    },
    HttpBasic,
    HttpBearer {
        format: Option<String>,
    },
    /// OAuth 2 and OpenID Connect: the user supplies the access token.
    OAuth2,
    OpenIdConnect,
    /// An `http` scheme other than basic/bearer (e.g. digest); not applied, kept for docs.
    OtherHttp {
        scheme: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    Header,
    Query,
    Cookie,
}

/// Alternatives: the request is authorised by any one requirement; a requirement needs all its
/// schemes. An empty list of alternatives means the operation needs no credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityRequirement {
    /// Indexes into [`Api::security_schemes`]; empty means anonymous access is allowed.
    pub schemes: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The operationId (or one derived from method and path, with a warning).
    pub id: String,
    pub method: Method,
    /// Path template, e.g. `/users/{id}`, parsed into its segments.
    pub path: PathTemplate,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// Path parameters in path order, then the others in document order.
    pub parameters: Vec<Parameter>,
    pub body: Option<RequestBody>,
    pub responses: Vec<Response>,
    pub security: Vec<SecurityRequirement>,
    /// Servers for this operation (operation, then path, then document level).
    pub servers: Vec<Server>,
    /// When the operation obtains a credential (extension `x-switchboard-login`).
    pub login: Option<Login>,
}

/// An operation that logs in: its successful JSON body carries a token for a security scheme.
/// Clients can call it on their own before the first request that needs the scheme, and again
/// when a request is answered 401.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Login {
    /// Index into [`Api::security_schemes`]: an apiKey or bearer-style scheme.
    pub scheme: usize,
    /// JSON pointer of the token inside the success body (e.g. `/auth_token`).
    pub token: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub name: String,
    pub location: ParamLocation,
    pub required: bool,
    pub description: Option<String>,
    pub deprecated: bool,
    pub schema: Schema,
    /// OpenAPI `style`, already defaulted per location (`simple`, `form`, ...).
    pub style: ParamStyle,
    pub explode: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    pub required: bool,
    pub description: Option<String>,
    pub contents: Vec<Content>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: Status,
    pub description: Option<String>,
    /// Empty when the response has no body.
    pub contents: Vec<Content>,
    pub headers: Vec<ResponseHeader>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Code(u16),
    /// `2XX` etc.: the first digit.
    Range(u8),
    Default,
}

impl Status {
    /// Success means 2xx (a `default` response is treated as an error).
    pub fn is_success(self) -> bool {
        match self {
            Status::Code(c) => (200..300).contains(&c),
            Status::Range(r) => r == 2,
            Status::Default => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    pub name: String,
    pub description: Option<String>,
    pub schema: Schema,
}

/// One media type of a body.
#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    /// As written (`application/json`, `image/*`, ...).
    pub media_type: String,
    pub payload: Payload,
}

/// How a body is encoded on the wire.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// JSON text of the given type.
    Json(Schema),
    /// Text, kept as a string.
    Text,
    /// Opaque bytes (images, octet-stream, anything not JSON or text).
    Binary,
    /// `application/x-www-form-urlencoded` of the given type.
    Form(Schema),
    /// `multipart/form-data` of the given type.
    Multipart(Schema),
}

/// A type expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Schema {
    Named(TypeId),
    Primitive(Primitive),
    List(Box<Schema>),
    /// A string-keyed map; `pattern` documents the key shape when the schema gave one.
    Map {
        value: Box<Schema>,
        pattern: Option<String>,
    },
    /// Any JSON value.
    Any,
    /// The value may also be `null`.
    Nullable(Box<Schema>),
}

impl Schema {
    /// The schema without a `Nullable` wrapper, and whether it had one.
    pub fn strip_nullable(&self) -> (&Schema, bool) {
        match self {
            Schema::Nullable(inner) => (inner.as_ref(), true),
            other => (other, false),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

#[derive(Debug, Clone, PartialEq)]
pub struct Primitive {
    pub kind: PrimitiveKind,
    /// `format` as written (`int32`, `email`, `date-time`, ...).
    pub format: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrimitiveKind {
    String,
    Integer,
    Number,
    Boolean,
}

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Unique PascalCase name.
    pub name: String,
    pub description: Option<String>,
    pub deprecated: bool,
    /// The schema's `default`, when it has one.
    pub default: Option<Value>,
    /// Where it was defined, `file#pointer`.
    pub origin: String,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    Enum(Enum),
    Union(Union),
    /// A named list, map, primitive or any.
    Alias(Schema),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Named schemas (`allOf` parts) whose properties are merged into `fields`.
    pub parents: Vec<TypeId>,
    /// Keys other than the named fields.
    pub additional: Additional,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Additional {
    /// Any other key with any value (the OpenAPI default).
    Any,
    /// Other keys carry values of this type; `pattern` documents the key shape.
    Typed { value: Schema, pattern: Option<String> },
    /// The schema forbids other keys (`additionalProperties: false`).
    Forbidden,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Wire name.
    pub name: String,
    pub description: Option<String>,
    /// Without nullability: see `nullable`.
    pub schema: Schema,
    pub required: bool,
    pub nullable: bool,
    pub default: Option<Value>,
    pub read_only: bool,
    pub write_only: bool,
    pub deprecated: bool,
    pub example: Option<Value>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// The wire type of the values.
    pub base: PrimitiveKind,
    pub values: Vec<Value>,
}

/// A value that is one of several shapes (`oneOf`/`anyOf`): chosen by the discriminator
/// property when there is one, otherwise tried in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    pub variants: Vec<Variant>,
    pub discriminator: Option<Discriminator>,
}

/// `discriminator`: the property whose value names the variant.
#[derive(Debug, Clone, PartialEq)]
pub struct Discriminator {
    /// Wire name of the tag property.
    pub property: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Unique PascalCase name within the union.
    pub name: String,
    pub description: Option<String>,
    pub schema: Schema,
    /// With a discriminator: the tag values that select this variant (from `mapping`, or the
    /// schema's name when the mapping does not list it).
    pub tags: Vec<String>,
}
