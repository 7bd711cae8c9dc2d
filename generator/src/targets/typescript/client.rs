//! `client.ts`: servers, credentials, the `Client` class with one method per operation, each
//! operation's types, and `isApiError` to narrow a thrown error to an operation's documented ones.

use super::docs::{first_line, Doc};
use super::names::{self, Scope};
use super::operation::{self, SchemeKey};
use super::{servers, Ctx, RUNTIME_EXPORTS, RUNTIME_TYPE_EXPORTS};
use crate::ir::{ApiKeyLocation, SecurityKind};

/// The names `client.ts` exports, for `index.ts`.
pub struct Exports {
    pub values: Vec<String>,
    pub types: Vec<String>,
}

pub struct ClientTs {
    pub text: String,
    pub exports: Exports,
}

pub fn emit(ctx: &Ctx) -> ClientTs {
    let api = ctx.api;
    let mut root = Scope::with(RUNTIME_EXPORTS);
    for name in RUNTIME_TYPE_EXPORTS {
        root.reserve(name);
    }
    for name in [
        "Client",
        "ClientOptions",
        "Credentials",
        "OperationErrors",
        "isApiError",
        "DEFAULT_SERVER_URL",
        "servers",
        "serverUrl",
        "securitySchemes",
        "rt",
        "types",
        "Promise",
        "Headers",
        "Blob",
        "FormData",
        "Error",
        "AsyncGenerator",
    ] {
        root.reserve(name);
    }
    let mut exports = Exports {
        values: vec!["Client".into(), "isApiError".into()],
        types: vec!["ClientOptions".into(), "OperationErrors".into()],
    };

    let servers = servers::emit(&api.servers);
    exports.values.extend(servers.exports.iter().cloned());

    let schemes = scheme_keys(ctx);
    // `baseUrl` is the class's own getter.
    let mut methods = Scope::with(&["baseUrl"]);
    let mut class_body = String::new();
    let mut items = String::new();
    let mut error_map = String::new();
    for op in &api.operations {
        let emitted = operation::emit(ctx, op, &schemes, &mut root, &mut methods);
        class_body.push('\n');
        class_body.push_str(&emitted.method);
        items.push_str(&emitted.items);
        error_map.push_str(&format!("  {}: {};\n", names::property(&op.id), emitted.error));
        exports.types.extend(emitted.types);
    }

    let mut text = module_doc(ctx).render("");
    text.push('\n');
    text.push_str("import * as rt from \"./runtime.js\";\n");
    if ctx.used_types.get() {
        text.push_str("import type * as types from \"./types.js\";\n");
    }
    text.push('\n');
    text.push_str(&servers.text);
    text.push('\n');
    text.push_str(&credentials(ctx, &schemes, &mut exports));
    text.push_str(&client_class(&class_body, !schemes.is_empty()));
    text.push('\n');
    text.push_str(&items);
    text.push_str("/** The documented errors of every operation, by operationId. */\n");
    text.push_str(&format!("export interface OperationErrors {{\n{error_map}}}\n\n"));
    text.push_str(IS_API_ERROR);
    ClientTs { text, exports }
}

const IS_API_ERROR: &str = "/**
 * Whether `error` is a documented error of `operation` (an operationId), narrowing it to that
 * operation's error type: then `error.documentedStatus` (or `error.status`, when the operation
 * documents no range or `default`) narrows `error.body`.
 */
export function isApiError<K extends keyof OperationErrors>(error: unknown, operation: K): error is OperationErrors[K] {
  return error instanceof rt.ApiError && error.operation === operation;
}
";

fn module_doc(ctx: &Ctx) -> Doc {
    let api = ctx.api;
    let mut doc = Doc::default();
    doc.text(&format!("{} (version {}): client generated from `{}`.", api.title, api.version, api.source));
    if let Some(d) = &api.description {
        doc.text(d);
    }
    if !api.servers.is_empty() {
        let lines: Vec<String> = api
            .servers
            .iter()
            .map(|s| match &s.description {
                Some(d) => format!("- `{}`: {}", s.url, first_line(d)),
                None => format!("- `{}`", s.url),
            })
            .collect();
        doc.text(&format!("Servers:\n{}", lines.join("\n")));
    }
    doc.tag("@module");
    doc
}

/// The schemes some operation uses and the client can apply, keyed in camelCase.
fn scheme_keys(ctx: &Ctx) -> Vec<SchemeKey> {
    let mut keys = Scope::default();
    ctx.api
        .used_security_schemes()
        .into_iter()
        .map(|index| SchemeKey { index, key: keys.camel(&ctx.api.security_schemes[index].name, "credential") })
        .collect()
}

/// `Credentials`, `ClientOptions` and the `securitySchemes` table the runtime applies them with.
fn credentials(ctx: &Ctx, schemes: &[SchemeKey], exports: &mut Exports) -> String {
    let mut out = String::new();
    if schemes.is_empty() {
        out.push_str("/** How to build a {@link Client}: base URL, headers, `fetch`. */\nexport type ClientOptions = rt.ClientSettings;\n\n");
        out.push_str("const securitySchemes: { readonly [key: string]: rt.SecuritySchemeSpec } = {};\n\n");
        return out;
    }
    exports.types.push("Credentials".into());
    let mut members = String::new();
    let mut table = String::new();
    for s in schemes {
        let scheme = &ctx.api.security_schemes[s.index];
        let (what, ty, spec) = match &scheme.kind {
            SecurityKind::ApiKey { location, parameter } => {
                let (place, loc) = match location {
                    ApiKeyLocation::Header => ("header", "header"),
                    ApiKeyLocation::Query => ("query parameter", "query"),
                    ApiKeyLocation::Cookie => ("cookie", "cookie"),
                };
                (
                    format!("An API key, sent in the `{parameter}` {place}"),
                    "rt.Token",
                    format!("{{ type: \"apiKey\", in: \"{loc}\", name: {} }}", names::string_literal(parameter)),
                )
            }
            SecurityKind::HttpBasic => (
                "HTTP Basic credentials, sent as `Authorization: Basic` with base64 of `username:password`".to_string(),
                "rt.BasicCredentials",
                "{ type: \"basic\" }".to_string(),
            ),
            SecurityKind::OAuth2 | SecurityKind::OpenIdConnect => (
                "An access token you obtained (this client does not run the flow), sent as `Authorization: Bearer`"
                    .to_string(),
                "rt.Token",
                "{ type: \"bearer\" }".to_string(),
            ),
            _ => {
                ("A token, sent as `Authorization: Bearer`".to_string(), "rt.Token", "{ type: \"bearer\" }".to_string())
            }
        };
        let mut doc = Doc::default();
        doc.text(&format!("{what} (security scheme `{}`).", scheme.name));
        if let Some(d) = &scheme.description {
            doc.text(d);
        }
        members.push_str(&doc.render("  "));
        members.push_str(&format!("  {}?: {ty};\n", s.key));
        table.push_str(&format!("  {}: {spec},\n", s.key));
    }
    out.push_str(
        "/**\n * Credentials, one per security scheme. Each operation applies the first of its accepted\n * combinations whose credentials are all set; with none complete the request is sent without.\n * Tokens may be functions, called before each request (for refreshing).\n */\n",
    );
    out.push_str(&format!("export interface Credentials {{\n{members}}}\n\n"));
    out.push_str("/** How to build a {@link Client}: base URL, credentials, headers, `fetch`. */\n");
    out.push_str("export interface ClientOptions extends rt.ClientSettings {\n  /** Credentials by security scheme. */\n  auth?: Credentials;\n}\n\n");
    out.push_str(&format!(
        "const securitySchemes: {{ readonly [key: string]: rt.SecuritySchemeSpec }} = {{\n{table}}};\n\n"
    ));
    out
}

fn client_class(body: &str, has_auth: bool) -> String {
    format!(
        "/**
 * A client for the API: one method per operation. Path parameters come first, then an options
 * object with the other parameters, the body and per-call `headers` / `signal`. A method resolves
 * to `{{ status, mediaType, data, headers }}` for a documented success and throws otherwise: an
 * `ApiError` for a documented error status (see `isApiError`), or another `ApiClientError`.
 */
export class Client {{
  readonly #config: rt.Config;

  /** @param options Base URL (default {{@link DEFAULT_SERVER_URL}}), credentials, headers and `fetch`. */
  constructor(options: ClientOptions = {{}}) {{
    this.#config = {{
      settings: options,
      defaultBaseUrl: DEFAULT_SERVER_URL,
      schemes: securitySchemes,
      credentials: {credentials},
    }};
  }}

  /** The base URL operation paths are appended to (operations with a server of their own aside). */
  get baseUrl(): string {{
    return this.#config.settings.baseUrl ?? this.#config.defaultBaseUrl;
  }}
{body}}}
",
        credentials = if has_auth { "options.auth" } else { "undefined" },
    )
}
