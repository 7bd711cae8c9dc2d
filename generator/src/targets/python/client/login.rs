//! The constructor arguments of operations marked `x-switchboard-login` (the Rust builder's
//! `login_with_<operation>`): each makes the client log in with that operation and keep the
//! token its answer carries; the runtime's `Login` and `AsyncLogin` do the rest.

use crate::ir::{Payload, SecurityKind};

use super::auth::{Auth, CTOR_RESERVED};
use crate::targets::python::{docs, names, Ctx};

/// One login operation the client can call (no parameters, a JSON body or none).
pub(super) struct LoginArg {
    /// The constructor argument (`login_with_create_user_auth`).
    arg: String,
    op_id: String,
    /// The operation's method, whose `_<method>_call` and `_<method>_result` the login runs.
    method: String,
    /// The body's Python type, when the operation takes one.
    body: Option<String>,
    scheme: String,
    pointer: String,
    /// The runtime credential made of a local `token`.
    credential: String,
}

/// The login arguments, given the method name of each operation (by index).
pub(super) fn args(ctx: &Ctx, auth: &Auth, methods: &[String]) -> Vec<LoginArg> {
    let mut reserved: Vec<&str> = CTOR_RESERVED.to_vec();
    reserved.extend(auth.arg_names.iter().map(String::as_str));
    let mut scope = names::Scope::with(&reserved);
    let mut out = Vec::new();
    for (op, method) in ctx.api.operations.iter().zip(methods) {
        let Some(login) = &op.login else { continue };
        let Some(position) = auth.position(login.scheme) else { continue };
        let kind = &auth.kinds[position];
        if !op.parameters.is_empty() || matches!(kind, SecurityKind::HttpBasic) {
            continue;
        }
        let body = op.body.as_ref().and_then(|b| {
            b.contents.iter().find_map(|c| match &c.payload {
                Payload::Json(schema) => Some(ctx.ty(schema, "models.")),
                _ => None,
            })
        });
        if op.body.is_some() && body.is_none() {
            continue;
        }
        out.push(LoginArg {
            arg: scope.snake(&format!("login_with_{method}"), "login"),
            op_id: op.id.clone(),
            method: method.clone(),
            body,
            scheme: auth.scheme_names[position].clone(),
            pointer: login.token.clone(),
            credential: Auth::credential(kind, "token"),
        });
    }
    out
}

impl LoginArg {
    /// The constructor parameter.
    pub(super) fn param(&self) -> String {
        match &self.body {
            Some(ty) => format!("{}: {ty} | None = None", self.arg),
            None => format!("{}: bool = False", self.arg),
        }
    }

    pub(super) fn doc(&self) -> String {
        let with = if self.body.is_some() { " with this body" } else { "" };
        format!(
            "    {}: logs in with `{}`{with} before the first request that needs `{}`, keeps the token at `{}` of its \
             answer, and logs in again (once per request, then replays it) when a request is answered 401; \
             concurrent requests share one login.",
            self.arg, self.method, self.scheme, self.pointer
        )
    }

    fn given(&self) -> String {
        match &self.body {
            Some(_) => format!("{} is not None", self.arg),
            None => self.arg.clone(),
        }
    }
}

/// The constructor's code that configures the login given, if any.
pub(super) fn setup(logins: &[LoginArg], is_async: bool) -> String {
    let mut out = String::new();
    if logins.len() > 1 {
        out.push_str(&format!(
            "        if sum(1 for given in ({}) if given) > 1:\n            raise ValueError(\"give at most one `login_with_...` argument\")\n",
            logins.iter().map(LoginArg::given).collect::<Vec<_>>().join(", ")
        ));
    }
    let (def, send, class) = if is_async {
        ("async def", "await _runtime.send_async", "AsyncLogin")
    } else {
        ("def", "_runtime.send", "Login")
    };
    for (i, login) in logins.iter().enumerate() {
        let (bind, arg, secrets) = match &login.body {
            Some(_) => (
                format!("            _login_body_{i} = {}\n", login.arg),
                format!("_login_body_{i}"),
                format!(", _runtime.secret_values(_login_body_{i})"),
            ),
            None => (String::new(), String::new(), String::new()),
        };
        out.push_str(&format!(
            "        if {given}:\n{bind}\n\
             \x20           {def} _login_{i}(core: _runtime.Core) -> Response[typing.Any]:\n\
             \x20               return _{method}_result({send}(self._http, core, core.request(_{method}_call({arg}))))\n\n\
             \x20           self._core.login = _runtime.{class}(\n\
             \x20               {op}, {scheme}, {pointer}, lambda token: {credential}, _login_{i}{secrets}\n\
             \x20           )\n",
            given = login.given(),
            method = login.method,
            op = docs::literal(&login.op_id),
            scheme = docs::literal(&login.scheme),
            pointer = docs::literal(&login.pointer),
            credential = login.credential,
        ));
    }
    out
}
