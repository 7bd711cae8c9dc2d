//! `client.ts`: servers, credentials, the `Client` class with one method per operation, each
//! operation's types, and `isApiError` to narrow a thrown error to an operation's documented ones.

use super::docs::{first_line, Doc};
use super::names::{self, Scope};
use super::operation::{self, SchemeKey};
use super::{servers, Ctx, RUNTIME_EXPORTS, RUNTIME_TYPE_EXPORTS};
use crate::ir::{ApiKeyLocation, Payload, SecurityKind};

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
        "ClientLogin",
        "logins",
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
    let logins = login_operations(ctx, &schemes);
    // `baseUrl` is the class's own getter, `logIn` its own method when the API has a login.
    let mut methods = Scope::with(if logins.is_empty() { &["baseUrl"][..] } else { &["baseUrl", "logIn"][..] });
    let mut class_body = String::new();
    let mut items = String::new();
    let mut error_map = String::new();
    let mut login_specs = Vec::new();
    for op in &api.operations {
        let emitted = operation::emit(ctx, op, &schemes, &mut root, &mut methods);
        if let Some(login) = logins.iter().find(|l| l.id == op.id) {
            login_specs.push((login, emitted.spec.clone()));
        }
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
    text.push_str(&credentials(ctx, &schemes, &logins, &mut exports));
    text.push_str(&client_class(&class_body, !schemes.is_empty(), !logins.is_empty()));
    text.push('\n');
    text.push_str(&items);
    if !login_specs.is_empty() {
        text.push_str("/** The operations a client can log in with (`x-switchboard-login`), by operationId. */\n");
        text.push_str("const logins: { readonly [operation: string]: rt.LoginSpec } = {\n");
        for (login, spec) in &login_specs {
            text.push_str(&format!(
                "  {}: {{ operation: {spec}, scheme: {}, token: {} }},\n",
                names::property(&login.id),
                names::string_literal(&login.scheme_key),
                names::string_literal(&login.token)
            ));
        }
        text.push_str("};\n\n");
    }
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

/// An operation the client can log in with: no parameters, a JSON body or none, and a scheme the
/// client applies that takes a token (as the Rust target's `login_with_*`).
struct LoginOp {
    id: String,
    scheme_key: String,
    scheme_name: String,
    token: String,
    /// The TypeScript type of its body, and whether the body is required.
    body: Option<(String, bool)>,
}

fn login_operations(ctx: &Ctx, schemes: &[SchemeKey]) -> Vec<LoginOp> {
    let mut out = Vec::new();
    for op in &ctx.api.operations {
        let Some(login) = &op.login else { continue };
        let Some(key) = schemes.iter().find(|s| s.index == login.scheme) else { continue };
        let scheme = &ctx.api.security_schemes[login.scheme];
        if !op.parameters.is_empty() || matches!(scheme.kind, SecurityKind::HttpBasic) {
            continue;
        }
        // The runtime sends a body as its first documented media type.
        let body = match &op.body {
            None => None,
            Some(b) => match b.contents.first().map(|c| &c.payload) {
                Some(Payload::Json(schema)) => Some((ctx.ty(schema, "types.").text, b.required)),
                _ => continue,
            },
        };
        out.push(LoginOp {
            id: op.id.clone(),
            scheme_key: key.key.clone(),
            scheme_name: scheme.name.clone(),
            token: login.token.clone(),
            body,
        });
    }
    out
}

/// The `ClientLogin` type: one member per login operation, naming it and carrying its body.
fn client_login(logins: &[LoginOp]) -> String {
    let members: Vec<String> = logins
        .iter()
        .map(|l| {
            let body = match &l.body {
                Some((ty, true)) => format!("; body: {ty}"),
                Some((ty, false)) => format!("; body?: {ty}"),
                None => String::new(),
            };
            format!("\n  | {{ operation: {}{body} }}", names::string_literal(&l.id))
        })
        .collect();
    let list: Vec<String> = logins
        .iter()
        .map(|l| format!(" * - `{}`: the token for `{}` is at `{}` in its answer.\n", l.id, l.scheme_name, l.token))
        .collect();
    format!(
        "/**\n * How the client logs in (the option `login`): an operation marked `x-switchboard-login` and\n * the body to send it (credentials: kept out of every error message).\n{}\n */\nexport type ClientLogin ={};\n\n",
        list.join("").trim_end_matches('\n'),
        members.join("")
    )
}

/// `Credentials`, `ClientOptions` and the `securitySchemes` table the runtime applies them with.
fn credentials(ctx: &Ctx, schemes: &[SchemeKey], logins: &[LoginOp], exports: &mut Exports) -> String {
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
    let mut login_member = String::new();
    if !logins.is_empty() {
        exports.types.push("ClientLogin".into());
        out.push_str(&client_login(logins));
        login_member.push_str("  /**\n   * Log in with this operation before the first call that needs its token, keep the token, and\n   * log in again (once per call) when a call is answered 401. Concurrent calls share one login.\n   */\n  login?: ClientLogin;\n");
    }
    out.push_str("/** How to build a {@link Client}: base URL, credentials, headers, `fetch`. */\n");
    out.push_str(&format!("export interface ClientOptions extends rt.ClientSettings {{\n  /** Credentials by security scheme. */\n  auth?: Credentials;\n{login_member}}}\n\n"));
    out.push_str(&format!(
        "const securitySchemes: {{ readonly [key: string]: rt.SecuritySchemeSpec }} = {{\n{table}}};\n\n"
    ));
    out
}

fn client_class(body: &str, has_auth: bool, has_login: bool) -> String {
    let (login_config, login_method) = if has_login {
        (
            "\n      login: rt.configureLogin(logins, options.login),\n      session: { generation: 0 },",
            "
  /**
   * Logs in now with the `login` option, replacing the token (calls log in on their own when they
   * need to; call this to fail early on bad credentials). Throws a `LoginError` that says why.
   */
  logIn(): Promise<void> {
    return rt.login(this.#config);
  }
",
        )
    } else {
        ("", "")
    };
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
      credentials: {credentials},{login_config}
    }};
  }}

  /** The base URL operation paths are appended to (operations with a server of their own aside). */
  get baseUrl(): string {{
    return this.#config.settings.baseUrl ?? this.#config.defaultBaseUrl;
  }}

  /** What `console.log` and `util.inspect` show: the base URL and which credentials are set, never their values. */
  [Symbol.for(\"nodejs.util.inspect.custom\")](): string {{
    return rt.inspectClient(this.#config);
  }}
{login_method}{body}}}
",
        credentials = if has_auth { "options.auth" } else { "undefined" },
    )
}
