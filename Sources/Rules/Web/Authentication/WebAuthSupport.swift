import Dataflow
import PythonSemantics
import PythonSyntax

/// Shared by the web authentication rules (not a rule itself): identifier words, what a value
/// is called, request objects, and a bounded walk over the parts of a built value.
enum WebAuthSupport {
    /// The lower-case words of an identifier or header name: `resetToken` → [reset, token],
    /// `X-Hub-Signature-256` → [x, hub, signature, 256], `API_KEY` → [api, key].
    static func words(_ identifier: String) -> [String] {
        var out: [String] = []
        var current: [UInt8] = []
        var previousLower = false
        for byte in identifier.utf8 {
            let isUpper = byte >= 65 && byte <= 90
            let isLower = byte >= 97 && byte <= 122
            let isDigit = byte >= 48 && byte <= 57
            guard isUpper || isLower || isDigit else {
                if !current.isEmpty { out.append(String(decoding: current, as: UTF8.self)) }
                current.removeAll(keepingCapacity: true)
                previousLower = false
                continue
            }
            if isUpper && previousLower && !current.isEmpty {
                out.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            }
            current.append(isUpper ? byte + 32 : byte)
            previousLower = isLower || isDigit
        }
        if !current.isEmpty { out.append(String(decoding: current, as: UTF8.self)) }
        return out
    }

    /// Last words that make a name describe something *about* a secret (its field name, length,
    /// URL, expiry, ...), not the secret itself.
    static let aboutWords: Set<String> = [
        "field", "fields", "name", "names", "label", "prompt", "url", "uri", "path", "file", "dir", "env", "var", "header", "headers",
        "param", "column", "type", "types", "pattern", "regex", "re", "length", "len", "min", "max", "policy", "hasher", "endpoint",
        "template", "message", "msg", "error", "errors", "help", "placeholder", "id", "ids", "route", "expiry", "expires", "exp",
        "expiration", "ttl", "timeout", "lifetime", "validators", "validator", "chars", "class", "format", "attr", "widget", "input",
        "mode", "count", "enabled", "required", "strength", "changed", "set", "at", "version", "algorithm", "algorithms", "alg",
        "scheme", "kind", "prefix", "suffix", "size", "index", "idx", "limit", "option", "options", "setting", "settings", "form",
        "view", "handler", "backend", "provider", "manager", "store", "storage", "location", "ok", "valid",
        "matches", "match", "age", "status", "source", "sources", "generator", "factory", "serializer", "service", "cls", "model",
        "pos", "position", "offset", "span", "start", "end", "line", "col", "global", "config", "channel", "encoding", "connect",
    ]

    /// The name a value goes by: `password` for `password`, `user.password`,
    /// `request.form["password"]`, `request.form.get("password")`, `password.encode()`,
    /// `str(password)`. Nil when the value has no such name.
    static func valueName(_ expr: ExprID, _ context: RuleContext, depth: Int = 0) -> String? {
        guard depth < 8 else { return nil }
        let tree = context.tree
        switch tree[expr].kind {
        case .name(let id, _): return id
        case .attribute(_, let attr, _): return attr
        case .subscript(let value, let slice, _):
            if let key = context.string(slice) { return key }
            if case .slice = tree[slice].kind { return nil }
            return valueName(value, context, depth: depth + 1)
        case .call(let function, let args, _):
            if case .attribute(let receiver, let method, _) = tree[function].kind {
                if method == "get" || method == "getlist" || method == "pop", let first = args.first, let key = context.string(first) { return key }
                if transparentMethods.contains(method) { return valueName(receiver, context, depth: depth + 1) }
                return nil
            }
            if let name = context.call(expr)?.name, transparentFunctions.contains(name), let first = args.first {
                return valueName(first, context, depth: depth + 1)
            }
            return nil
        case .await(let value): return valueName(value, context, depth: depth + 1)
        default: return nil
        }
    }

    /// Methods that return (a form of) the same value.
    static let transparentMethods: Set<String> = ["encode", "decode", "strip", "lstrip", "rstrip", "lower", "upper", "casefold"]
    static let transparentFunctions: Set<String> = ["builtins.str", "builtins.bytes", "builtins.bytearray", "builtins.repr"]

    /// The leaves of a value built from parts: the operands of `+` and `%`, the holes of an
    /// f-string, the arguments of `.format`/`.join`, the elements of a tuple or list, the
    /// value behind `.encode()`/`str()`. Constants are left out. Calls other than those are
    /// leaves themselves (the rule decides whether `mask(token)` hides the secret).
    static func leaves(of expr: ExprID, _ context: RuleContext, into out: inout [ExprID], depth: Int = 0) {
        guard depth < 12, out.count < 64 else { return }
        let tree = context.tree
        switch tree[expr].kind {
        case .constant:
            return
        case .binOp(let left, let op, let right) where op == .add || op == .mod:
            leaves(of: left, context, into: &out, depth: depth + 1)
            leaves(of: right, context, into: &out, depth: depth + 1)
        case .joinedStr(let values):
            for value in values { leaves(of: value, context, into: &out, depth: depth + 1) }
        case .formattedValue(let value, _, _):
            leaves(of: value, context, into: &out, depth: depth + 1)
        case .tuple(let elts, _), .list(let elts, _):
            for element in elts { leaves(of: element, context, into: &out, depth: depth + 1) }
        case .starred(let value, _), .await(let value):
            leaves(of: value, context, into: &out, depth: depth + 1)
        case .call(let function, let args, let keywords):
            if case .attribute(let receiver, let method, _) = tree[function].kind {
                if method == "format" || method == "join" || method == "format_map" {
                    leaves(of: receiver, context, into: &out, depth: depth + 1)
                    for arg in args { leaves(of: arg, context, into: &out, depth: depth + 1) }
                    for keyword in keywords { leaves(of: keyword.value, context, into: &out, depth: depth + 1) }
                    return
                }
                if transparentMethods.contains(method) {
                    leaves(of: receiver, context, into: &out, depth: depth + 1)
                    return
                }
            } else if let name = context.call(expr)?.name, transparentFunctions.contains(name) || name == "json.dumps" {
                for arg in args.prefix(1) { leaves(of: arg, context, into: &out, depth: depth + 1) }
                return
            }
            out.append(expr)
        case .generatorExp(let elt, _), .listComp(let elt, _):
            leaves(of: elt, context, into: &out, depth: depth + 1)
        default:
            out.append(expr)
        }
    }

    /// Is `expr` the request object of a web framework (`request` in Flask/Quart/Django views,
    /// `self.request` in class-based views)?
    static func isRequestObject(_ expr: ExprID, _ context: RuleContext) -> Bool {
        switch context.tree[expr].kind {
        case .name(let id, _):
            guard id == "request" || id == "req" else { return false }
            guard let name = context.qualifiedName(expr) else { return true }
            return name.hasSuffix(".request") && (name.hasPrefix("flask.") || name.hasPrefix("quart.") || name.hasPrefix("sanic.")
                                                  || name.hasPrefix("bottle.") || name.hasPrefix("werkzeug."))
        case .attribute(_, let attr, _):
            return attr == "request"
        default:
            return false
        }
    }

    /// Modules whose import marks a file as web or authentication code, where a bare `token`
    /// or `secret` is far more often a credential than a lexer token or a cache marker.
    static let webModules: [String] = ["flask", "django", "fastapi", "starlette", "quart", "sanic", "bottle", "falcon", "pyramid",
                                       "tornado.web", "aiohttp.web", "jwt", "jose", "authlib", "itsdangerous", "oauthlib",
                                       "requests_oauthlib", "werkzeug", "litestar", "passlib", "pyotp"]

    /// Does the file import a web framework or an authentication library?
    static func isWebModule(_ context: RuleContext) -> Bool {
        for binding in context.model.bindings {
            guard case .imported(let name) = binding.kind else { continue }
            for module in webModules where name == module || name.hasPrefix(module + ".") { return true }
        }
        return false
    }

    /// Does the value come from the HTTP request (`request.headers["X-Sig"]`,
    /// `request.form.get("token")`, `request.cookies`, or a local assigned from one)?
    static func isFromRequest(_ expr: ExprID, _ context: RuleContext, depth: Int = 0) -> Bool {
        guard depth < 10 else { return false }
        let tree = context.tree
        switch tree[expr].kind {
        case .subscript(let value, _, _): return isFromRequest(value, context, depth: depth + 1)
        case .attribute(let value, _, _):
            return isRequestObject(value, context) || isFromRequest(value, context, depth: depth + 1)
        case .call(let function, _, _):
            if case .attribute(let receiver, _, _) = tree[function].kind { return isFromRequest(receiver, context, depth: depth + 1) }
            return false
        case .await(let value): return isFromRequest(value, context, depth: depth + 1)
        case .name:
            if depth > 4 { return false }
            return assignedValues(of: expr, context).contains { isFromRequest($0, context, depth: depth + 4) }
        default: return false
        }
    }

    /// The reaching assignment values of a local name (for following `pw = request.form["password"]`).
    static func assignedValues(of name: ExprID, _ context: RuleContext) -> [ExprID] {
        guard case .name = context.tree[name].kind else { return [] }
        return context.model.reachingBindings(of: name).compactMap { binding in
            if case .assignment(let value?) = context.model[binding].kind { return value }
            return nil
        }
    }

    /// The name of the function or method a node is in (`generate_token`), nil at module level.
    static func enclosingFunctionName(_ scope: ScopeID?, _ context: RuleContext) -> String? {
        guard let scope else { return nil }
        let definition = context.model.enclosingDefinitionScope(scope)
        guard context.model[definition].kind == .function else { return nil }
        return context.model[definition].name
    }

    /// Decorators that let only a logged-in user (a session) reach a view.
    static let loginDecorators = ["login_required", "permission_required", "user_passes_test", "staff_member_required", "fresh_login_required",
                                  "superuser_required", "roles_required", "roles_accepted", "auth_required", "jwt_required"]

    /// The decorator of `def` that requires a login, if any.
    static func loginDecorator(of def: StmtID, _ context: RuleContext) -> ExprID? {
        context.model.decorators(of: def).first { decorator in
            let name = decorator.qualifiedName ?? decorator.attribute ?? ""
            return loginDecorators.contains { name == $0 || name.hasSuffix("." + $0) }
        }?.expr
    }

    /// `a…(12 chars)`: a prefix and the length, never a whole value.
    static func shortened(_ text: String, limit: Int = 48) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}
