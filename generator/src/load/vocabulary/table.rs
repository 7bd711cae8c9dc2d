//! The keys each place of a document may hold, per version: the fixed fields of every object of
//! the OpenAPI 3.0.3, 3.1.0 and Swagger 2.0 specifications, and the schema keywords of the
//! dialect each uses (OpenAPI 3.0's and Swagger 2.0's subsets of JSON Schema draft 04-05; JSON
//! Schema 2020-12 with OpenAPI's base vocabulary for 3.1). `x-` keys are allowed everywhere and
//! are not listed.

/// The specification a document follows, oldest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Version {
    V2,
    V30,
    V31,
}

impl Version {
    pub fn name(self) -> &'static str {
        match self {
            Version::V2 => "Swagger 2.0",
            Version::V30 => "OpenAPI 3.0",
            Version::V31 => "OpenAPI 3.1",
        }
    }
}

/// A place in a document: which object of the specification stands there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Root,
    Info,
    Contact,
    License,
    Server,
    ServerVariable,
    Paths,
    PathItem,
    Operation,
    ExternalDocs,
    Parameter,
    RequestBody,
    MediaType,
    Encoding,
    Responses,
    Response,
    Header,
    Example,
    Link,
    /// Runtime expressions, each naming a path item.
    Callback,
    Components,
    SecurityScheme,
    OAuthFlows,
    OAuthFlow,
    Tag,
    Schema,
    Discriminator,
    Xml,
    /// Swagger 2.0's `items` of a non-body parameter or a header (not a schema).
    Items,
}

impl Kind {
    /// The place, as a message names it ("unknown key `x` in a path item").
    pub fn described(self) -> &'static str {
        match self {
            Kind::Root => "the document's top level",
            Kind::Info => "`info`",
            Kind::Contact => "`info.contact`",
            Kind::License => "`info.license`",
            Kind::Server => "a server",
            Kind::ServerVariable => "a server variable",
            Kind::Paths => "`paths`",
            Kind::PathItem => "a path item",
            Kind::Operation => "an operation",
            Kind::ExternalDocs => "`externalDocs`",
            Kind::Parameter => "a parameter",
            Kind::RequestBody => "a request body",
            Kind::MediaType => "a media type",
            Kind::Encoding => "an encoding",
            Kind::Responses => "`responses`",
            Kind::Response => "a response",
            Kind::Header => "a header",
            Kind::Example => "an example",
            Kind::Link => "a link",
            Kind::Callback => "a callback",
            Kind::Components => "`components`",
            Kind::SecurityScheme => "a security scheme",
            Kind::OAuthFlows => "`flows`",
            Kind::OAuthFlow => "an OAuth flow",
            Kind::Tag => "a tag",
            Kind::Schema => "a schema",
            Kind::Discriminator => "a discriminator",
            Kind::Xml => "`xml`",
            Kind::Items => "`items` of a parameter or header",
        }
    }
}

/// What the value of a known key is, so that the walk knows how to go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Child {
    /// Any value (text, examples, security requirements, ...): not looked into.
    Free,
    /// One object of this kind.
    Node(Kind),
    /// A mapping from names (chosen by the author) to objects of this kind.
    Map(Kind),
    /// A list of objects of this kind.
    List(Kind),
    /// One object of this kind or a list of them (JSON Schema's `items` in older drafts).
    OneOrList(Kind),
}

use Child::{Free, List, Map, Node, OneOrList};

type Keys = &'static [(&'static str, Child)];

const EXTERNAL_DOCS: Keys = &[("description", Free), ("url", Free)];
const CONTACT: Keys = &[("name", Free), ("url", Free), ("email", Free)];
const LICENSE: Keys = &[("name", Free), ("url", Free)];
const TAG: Keys = &[("name", Free), ("description", Free), ("externalDocs", Node(Kind::ExternalDocs))];
const XML: Keys = &[("name", Free), ("namespace", Free), ("prefix", Free), ("attribute", Free), ("wrapped", Free)];
const DISCRIMINATOR: Keys = &[("propertyName", Free), ("mapping", Free)];
const INFO: Keys = &[
    ("title", Free),
    ("description", Free),
    ("termsOfService", Free),
    ("contact", Node(Kind::Contact)),
    ("license", Node(Kind::License)),
    ("version", Free),
];
const METHODS: Keys = &[
    ("get", Node(Kind::Operation)),
    ("put", Node(Kind::Operation)),
    ("post", Node(Kind::Operation)),
    ("delete", Node(Kind::Operation)),
    ("options", Node(Kind::Operation)),
    ("head", Node(Kind::Operation)),
    ("patch", Node(Kind::Operation)),
];

// --- OpenAPI 3.0 and 3.1 ---

const ROOT_3: Keys = &[
    ("openapi", Free),
    ("info", Node(Kind::Info)),
    ("servers", List(Kind::Server)),
    ("paths", Node(Kind::Paths)),
    ("components", Node(Kind::Components)),
    ("security", Free),
    ("tags", List(Kind::Tag)),
    ("externalDocs", Node(Kind::ExternalDocs)),
];
const ROOT_31: Keys = &[("jsonSchemaDialect", Free), ("webhooks", Map(Kind::PathItem))];
const INFO_31: Keys = &[("summary", Free)];
const LICENSE_31: Keys = &[("identifier", Free)];
const SERVER: Keys = &[("url", Free), ("description", Free), ("variables", Map(Kind::ServerVariable))];
const SERVER_VARIABLE: Keys = &[("enum", Free), ("default", Free), ("description", Free)];
const PATH_ITEM_3: Keys = &[
    ("$ref", Free),
    ("summary", Free),
    ("description", Free),
    ("trace", Node(Kind::Operation)),
    ("servers", List(Kind::Server)),
    ("parameters", List(Kind::Parameter)),
];
const OPERATION_3: Keys = &[
    ("tags", Free),
    ("summary", Free),
    ("description", Free),
    ("externalDocs", Node(Kind::ExternalDocs)),
    ("operationId", Free),
    ("parameters", List(Kind::Parameter)),
    ("requestBody", Node(Kind::RequestBody)),
    ("responses", Node(Kind::Responses)),
    ("callbacks", Map(Kind::Callback)),
    ("deprecated", Free),
    ("security", Free),
    ("servers", List(Kind::Server)),
];
/// What a parameter and a header share (a header has no `name` and `in`: its key names it).
const HEADER_3: Keys = &[
    ("description", Free),
    ("required", Free),
    ("deprecated", Free),
    ("allowEmptyValue", Free),
    ("style", Free),
    ("explode", Free),
    ("allowReserved", Free),
    ("schema", Node(Kind::Schema)),
    ("example", Free),
    ("examples", Map(Kind::Example)),
    ("content", Map(Kind::MediaType)),
];
const PARAMETER_3: Keys = &[("name", Free), ("in", Free)];
const REQUEST_BODY: Keys = &[("description", Free), ("content", Map(Kind::MediaType)), ("required", Free)];
const MEDIA_TYPE: Keys = &[
    ("schema", Node(Kind::Schema)),
    // OpenAPI 3.2: the schema of each item of a streamed body (events, JSON lines).
    ("itemSchema", Node(Kind::Schema)),
    ("example", Free),
    ("examples", Map(Kind::Example)),
    ("encoding", Map(Kind::Encoding)),
];
const ENCODING: Keys = &[
    ("contentType", Free),
    ("headers", Map(Kind::Header)),
    ("style", Free),
    ("explode", Free),
    ("allowReserved", Free),
];
const RESPONSE_3: Keys = &[
    ("description", Free),
    ("headers", Map(Kind::Header)),
    ("content", Map(Kind::MediaType)),
    ("links", Map(Kind::Link)),
];
const EXAMPLE: Keys = &[("summary", Free), ("description", Free), ("value", Free), ("externalValue", Free)];
const LINK: Keys = &[
    ("operationRef", Free),
    ("operationId", Free),
    ("parameters", Free),
    ("requestBody", Free),
    ("description", Free),
    ("server", Node(Kind::Server)),
];
const COMPONENTS_3: Keys = &[
    ("schemas", Map(Kind::Schema)),
    ("responses", Map(Kind::Response)),
    ("parameters", Map(Kind::Parameter)),
    ("examples", Map(Kind::Example)),
    ("requestBodies", Map(Kind::RequestBody)),
    ("headers", Map(Kind::Header)),
    ("securitySchemes", Map(Kind::SecurityScheme)),
    ("links", Map(Kind::Link)),
    ("callbacks", Map(Kind::Callback)),
];
const COMPONENTS_31: Keys = &[("pathItems", Map(Kind::PathItem))];
const SECURITY_SCHEME_3: Keys = &[
    ("type", Free),
    ("description", Free),
    ("name", Free),
    ("in", Free),
    ("scheme", Free),
    ("bearerFormat", Free),
    ("flows", Node(Kind::OAuthFlows)),
    ("openIdConnectUrl", Free),
];
const OAUTH_FLOWS: Keys = &[
    ("implicit", Node(Kind::OAuthFlow)),
    ("password", Node(Kind::OAuthFlow)),
    ("clientCredentials", Node(Kind::OAuthFlow)),
    ("authorizationCode", Node(Kind::OAuthFlow)),
];
const OAUTH_FLOW: Keys = &[("authorizationUrl", Free), ("tokenUrl", Free), ("refreshUrl", Free), ("scopes", Free)];

// --- Schemas ---

/// The validation keywords every dialect here has (JSON Schema draft 04 onwards).
const SCHEMA_COMMON: Keys = &[
    ("$ref", Free),
    ("title", Free),
    ("description", Free),
    ("default", Free),
    ("multipleOf", Free),
    ("maximum", Free),
    ("exclusiveMaximum", Free),
    ("minimum", Free),
    ("exclusiveMinimum", Free),
    ("maxLength", Free),
    ("minLength", Free),
    ("pattern", Free),
    ("maxItems", Free),
    ("minItems", Free),
    ("uniqueItems", Free),
    ("maxProperties", Free),
    ("minProperties", Free),
    ("required", Free),
    ("enum", Free),
    ("type", Free),
    ("format", Free),
    ("allOf", List(Kind::Schema)),
    ("properties", Map(Kind::Schema)),
    ("additionalProperties", Node(Kind::Schema)),
    ("readOnly", Free),
    ("xml", Node(Kind::Xml)),
    ("externalDocs", Node(Kind::ExternalDocs)),
    ("example", Free),
];
/// Swagger 2.0's schema object: the common keywords, with `discriminator` a property name.
const SCHEMA_2: Keys = &[("items", OneOrList(Kind::Schema)), ("discriminator", Free)];
/// OpenAPI 3.0's schema object adds these to the common keywords.
const SCHEMA_30: Keys = &[
    ("items", Node(Kind::Schema)),
    ("oneOf", List(Kind::Schema)),
    ("anyOf", List(Kind::Schema)),
    ("not", Node(Kind::Schema)),
    ("nullable", Free),
    ("discriminator", Node(Kind::Discriminator)),
    ("writeOnly", Free),
    ("deprecated", Free),
];
/// JSON Schema 2020-12 (core, applicator, unevaluated, validation, format, content and
/// meta-data vocabularies, and the keywords its meta-schema keeps from 2019-09 and draft 07)
/// with OpenAPI 3.1's base vocabulary, on top of the common keywords.
const SCHEMA_31: Keys = &[
    ("$schema", Free),
    ("$id", Free),
    ("$anchor", Free),
    ("$dynamicRef", Free),
    ("$dynamicAnchor", Free),
    ("$vocabulary", Free),
    ("$comment", Free),
    ("$defs", Map(Kind::Schema)),
    ("$recursiveRef", Free),
    ("$recursiveAnchor", Free),
    ("definitions", Map(Kind::Schema)),
    ("dependencies", Map(Kind::Schema)),
    ("items", OneOrList(Kind::Schema)),
    ("prefixItems", List(Kind::Schema)),
    ("contains", Node(Kind::Schema)),
    ("oneOf", List(Kind::Schema)),
    ("anyOf", List(Kind::Schema)),
    ("not", Node(Kind::Schema)),
    ("if", Node(Kind::Schema)),
    ("then", Node(Kind::Schema)),
    ("else", Node(Kind::Schema)),
    ("dependentSchemas", Map(Kind::Schema)),
    ("patternProperties", Map(Kind::Schema)),
    ("propertyNames", Node(Kind::Schema)),
    ("unevaluatedItems", Node(Kind::Schema)),
    ("unevaluatedProperties", Node(Kind::Schema)),
    ("const", Free),
    ("maxContains", Free),
    ("minContains", Free),
    ("dependentRequired", Free),
    ("contentEncoding", Free),
    ("contentMediaType", Free),
    ("contentSchema", Node(Kind::Schema)),
    ("deprecated", Free),
    ("writeOnly", Free),
    ("examples", Free),
    ("discriminator", Node(Kind::Discriminator)),
];

// --- Swagger 2.0 ---

const ROOT_2: Keys = &[
    ("swagger", Free),
    ("info", Node(Kind::Info)),
    ("host", Free),
    ("basePath", Free),
    ("schemes", Free),
    ("consumes", Free),
    ("produces", Free),
    ("paths", Node(Kind::Paths)),
    ("definitions", Map(Kind::Schema)),
    ("parameters", Map(Kind::Parameter)),
    ("responses", Map(Kind::Response)),
    ("securityDefinitions", Map(Kind::SecurityScheme)),
    ("security", Free),
    ("tags", List(Kind::Tag)),
    ("externalDocs", Node(Kind::ExternalDocs)),
];
const PATH_ITEM_2: Keys = &[("$ref", Free), ("parameters", List(Kind::Parameter))];
const OPERATION_2: Keys = &[
    ("tags", Free),
    ("summary", Free),
    ("description", Free),
    ("externalDocs", Node(Kind::ExternalDocs)),
    ("operationId", Free),
    ("consumes", Free),
    ("produces", Free),
    ("parameters", List(Kind::Parameter)),
    ("responses", Node(Kind::Responses)),
    ("schemes", Free),
    ("deprecated", Free),
    ("security", Free),
];
const PARAMETER_2: Keys = &[("name", Free), ("in", Free), ("description", Free), ("required", Free)];
const PARAMETER_2_BODY: Keys = &[("schema", Node(Kind::Schema))];
const PARAMETER_2_OTHER: Keys = &[("allowEmptyValue", Free)];
/// Swagger 2.0's items object; a non-body parameter and a header have the same keys.
const ITEMS_2: Keys = &[
    ("type", Free),
    ("format", Free),
    ("items", Node(Kind::Items)),
    ("collectionFormat", Free),
    ("default", Free),
    ("maximum", Free),
    ("exclusiveMaximum", Free),
    ("minimum", Free),
    ("exclusiveMinimum", Free),
    ("maxLength", Free),
    ("minLength", Free),
    ("pattern", Free),
    ("maxItems", Free),
    ("minItems", Free),
    ("uniqueItems", Free),
    ("enum", Free),
    ("multipleOf", Free),
];
const HEADER_2: Keys = &[("description", Free)];
const RESPONSE_2: Keys =
    &[("description", Free), ("schema", Node(Kind::Schema)), ("headers", Map(Kind::Header)), ("examples", Free)];
const SECURITY_SCHEME_2: Keys = &[
    ("type", Free),
    ("description", Free),
    ("name", Free),
    ("in", Free),
    ("flow", Free),
    ("authorizationUrl", Free),
    ("tokenUrl", Free),
    ("scopes", Free),
];

/// Where a Swagger 2.0 parameter is, which decides its keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterIn {
    Body,
    Other,
    /// No `in` (or one that is not a string): either set of keys is accepted.
    Unknown,
}

/// The fixed keys of `kind` in `version`, as slices to look through in order. Places whose keys
/// are not fixed (`paths`, `responses`, callbacks) have none here; see [`super::Walker`].
pub fn keys(version: Version, kind: Kind, parameter_in: ParameterIn) -> Vec<Keys> {
    use Version::{V2, V30, V31};
    match (version, kind) {
        (_, Kind::Info) if version == V31 => vec![INFO, INFO_31],
        (_, Kind::Info) => vec![INFO],
        (_, Kind::Contact) => vec![CONTACT],
        (V31, Kind::License) => vec![LICENSE, LICENSE_31],
        (_, Kind::License) => vec![LICENSE],
        (_, Kind::ExternalDocs) => vec![EXTERNAL_DOCS],
        (_, Kind::Tag) => vec![TAG],
        (_, Kind::Xml) => vec![XML],
        (V2, Kind::Root) => vec![ROOT_2],
        (V2, Kind::PathItem) => vec![PATH_ITEM_2, METHODS],
        (V2, Kind::Operation) => vec![OPERATION_2],
        (V2, Kind::Parameter) => match parameter_in {
            ParameterIn::Body => vec![PARAMETER_2, PARAMETER_2_BODY],
            ParameterIn::Other => vec![PARAMETER_2, PARAMETER_2_OTHER, ITEMS_2],
            ParameterIn::Unknown => vec![PARAMETER_2, PARAMETER_2_BODY, PARAMETER_2_OTHER, ITEMS_2],
        },
        (V2, Kind::Items) => vec![ITEMS_2],
        (V2, Kind::Header) => vec![HEADER_2, ITEMS_2],
        (V2, Kind::Response) => vec![RESPONSE_2],
        (V2, Kind::SecurityScheme) => vec![SECURITY_SCHEME_2],
        (V2, Kind::Schema) => vec![SCHEMA_COMMON, SCHEMA_2],
        (V30, Kind::Root) => vec![ROOT_3],
        (V31, Kind::Root) => vec![ROOT_3, ROOT_31],
        (_, Kind::Server) if version != V2 => vec![SERVER],
        (_, Kind::ServerVariable) if version != V2 => vec![SERVER_VARIABLE],
        (_, Kind::PathItem) if version != V2 => vec![PATH_ITEM_3, METHODS],
        (_, Kind::Operation) if version != V2 => vec![OPERATION_3],
        (_, Kind::Parameter) if version != V2 => vec![PARAMETER_3, HEADER_3],
        (_, Kind::Header) if version != V2 => vec![HEADER_3],
        (_, Kind::RequestBody) if version != V2 => vec![REQUEST_BODY],
        (_, Kind::MediaType) if version != V2 => vec![MEDIA_TYPE],
        (_, Kind::Encoding) if version != V2 => vec![ENCODING],
        (_, Kind::Response) if version != V2 => vec![RESPONSE_3],
        (_, Kind::Example) if version != V2 => vec![EXAMPLE],
        (_, Kind::Link) if version != V2 => vec![LINK],
        (V30, Kind::Components) => vec![COMPONENTS_3],
        (V31, Kind::Components) => vec![COMPONENTS_3, COMPONENTS_31],
        (_, Kind::SecurityScheme) if version != V2 => vec![SECURITY_SCHEME_3],
        (_, Kind::OAuthFlows) if version != V2 => vec![OAUTH_FLOWS],
        (_, Kind::OAuthFlow) if version != V2 => vec![OAUTH_FLOW],
        (_, Kind::Discriminator) if version != V2 => vec![DISCRIMINATOR],
        (V30, Kind::Schema) => vec![SCHEMA_COMMON, SCHEMA_30],
        (V31, Kind::Schema) => vec![SCHEMA_COMMON, SCHEMA_31],
        // Places of one version that the other has no object for (2.0 has no request body,
        // 3.x no items object); a walk never gets there, and nothing is known of them.
        _ => Vec::new(),
    }
}

/// What `key` holds at `kind`, if it is one of the place's fixed keys.
pub fn lookup(version: Version, kind: Kind, parameter_in: ParameterIn, key: &str) -> Option<Child> {
    keys(version, kind, parameter_in).into_iter().flatten().find(|(k, _)| *k == key).map(|(_, child)| *child)
}

/// Whether `key` is a response status as OpenAPI and Swagger write them: `default`, a code from
/// 100 to 599, or a range such as `4XX`.
pub fn is_status(key: &str) -> bool {
    let bytes = key.as_bytes();
    key == "default"
        || (bytes.len() == 3
            && (b'1'..=b'5').contains(&bytes[0])
            && (bytes[1..].iter().all(u8::is_ascii_digit) || bytes[1..].eq_ignore_ascii_case(b"XX")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_codes_ranges_and_default() {
        for ok in ["200", "2XX", "4xx", "default", "599", "101"] {
            assert!(is_status(ok), "{ok}");
        }
        for bad in ["description", "600", "20", "2000", "+20", "OK", "099"] {
            assert!(!is_status(bad), "{bad}");
        }
    }

    #[test]
    fn each_dialect_has_its_own_keywords() {
        let schema = |v, k| lookup(v, Kind::Schema, ParameterIn::Unknown, k).is_some();
        assert!(schema(Version::V31, "$defs") && schema(Version::V31, "prefixItems") && schema(Version::V31, "const"));
        assert!(!schema(Version::V30, "const") && !schema(Version::V30, "$defs"));
        assert!(schema(Version::V30, "nullable") && !schema(Version::V31, "nullable"));
        assert!(!schema(Version::V2, "oneOf") && schema(Version::V2, "discriminator"));
        for v in [Version::V2, Version::V30, Version::V31] {
            assert!(schema(v, "readOnly") && schema(v, "example") && schema(v, "xml") && schema(v, "externalDocs"));
        }
    }

    #[test]
    fn swagger_parameters_have_the_keys_of_where_they_are() {
        let param = |at, k| lookup(Version::V2, Kind::Parameter, at, k).is_some();
        assert!(param(ParameterIn::Body, "schema") && !param(ParameterIn::Body, "type"));
        assert!(param(ParameterIn::Other, "type") && !param(ParameterIn::Other, "schema"));
        assert!(param(ParameterIn::Unknown, "type") && param(ParameterIn::Unknown, "schema"));
    }
}
