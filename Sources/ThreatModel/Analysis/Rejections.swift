import Dataflow
import PythonSemantics
import PythonSyntax

/// Access checks recognised by what the code does rather than by a name: a statement that
/// ends the request as unauthenticated (401, a redirect to the login page) or forbidden (403),
/// under a test of who the caller is. A project's own `@admin_required` decorator, a Flask
/// `before_request` hook, a FastAPI dependency or a check at the top of a handler are all
/// found this way.
enum Rejections {
    /// One check: the statement that rejects, its status, and the test it sits under.
    struct Check {
        var effect: Controls.Effect
        var evidence: Evidence
        /// True when the `if` that rejects is a statement of the body itself (so it runs first on
        /// every request), not nested in another branch.
        var topLevel: Bool
    }

    /// The status a statement ends the request with when it rejects the caller (401 or 403):
    /// `abort(401)`, `raise PermissionDenied`, `raise HTTPException(status_code=403)`,
    /// `return jsonify(error="..."), 401`, `return redirect(url_for("login"))` (as 401).
    static func rejection(_ stmt: StmtID, _ reading: CodeReading) -> Int? {
        let tree = reading.tree
        switch tree[stmt].kind {
        case .raise(let exc?, _):
            if let name = reading.name(exc), let code = Controls.rejections[name] { return code }
            return rejectingCall(in: exc, reading)
        case .return(let value?):
            if case .tuple(let elts, _) = tree[value].kind, let last = elts.last, elts.count >= 2,
               let code = reading.statusCode(last), code == 401 || code == 403 { return code }
            return rejectingCall(in: value, reading)
        case .expr(let value):
            return rejectingCall(in: value, reading)
        default:
            return nil
        }
    }

    /// A call in `expr` that rejects the request, and its status.
    static func rejectingCall(in expr: ExprID, _ reading: CodeReading) -> Int? {
        let tree = reading.tree
        for candidate in reading.subexpressions(expr) {
            guard case .call(let function, let args, let keywords) = tree[candidate].kind else { continue }
            let name = reading.name(function) ?? ""
            let last = CodeReading.last(name)
            if let code = Controls.rejections[name] { return code }
            let status = keywords.first { ["status", "status_code", "code"].contains($0.arg ?? "") }.flatMap { reading.statusCode($0.value) }
            if let status, status == 401 || status == 403 { return status }
            if last == "abort" || last == "HTTPException" || last == "HTTPError" || last == "SanicException" || Controls.abortCalls.contains(name),
               let first = args.first, let code = reading.statusCode(first), code == 401 || code == 403 { return code }
            if Controls.redirects.contains(name) || last == "redirect" || last == "RedirectResponse" || last == "HttpResponseRedirect" {
                let target = (args + keywords.map(\.value)).map { reading.words($0) }.joined(separator: " ")
                if ["login", "signin", "sign_in", "sign-in", "log_in", "logon"].contains(where: target.contains) { return 401 }
            }
            // Flask-Login's `login_manager.unauthorized()`, Django's `redirect_to_login(...)`.
            if last == "unauthorized" || last == "redirect_to_login" { return 401 }
        }
        return nil
    }

    /// The checks in a body (a decorator's wrapper when `intoDefinitions`). `requireIdentityWords`:
    /// a 403 counts only under a test about the caller (`current_user`, `request.user`, a role),
    /// since a handler also forbids for other reasons; a 401 always counts.
    static func checks(in body: [StmtID], _ reading: CodeReading, intoDefinitions: Bool, requireIdentityWords: Bool,
                       functionName: String = "") -> [Check] {
        var out: [Check] = []
        for (stmt, tests) in reading.statements(body, intoDefinitions: intoDefinitions) {
            guard let code = rejection(stmt, reading) else { continue }
            let words = tests.map { reading.words($0.test) }.joined(separator: " ")
            let role = Controls.roleWords.contains(where: words.contains) || (!requireIdentityWords && Controls.roleWords.contains(where: functionName.lowercased().contains))
            let identity = Controls.identityWords.contains(where: words.contains) || words.contains("api-key") || words.contains("x-api")
            let effect: Controls.Effect
            switch code {
            case 401:
                effect = .authenticates
            default:
                if role { effect = .authorises } else if identity || !requireIdentityWords { effect = .authenticates } else { continue }
            }
            let test = tests.last.map { ($0.negated ? "the `else` of " : "") + "`if \(reading.text($0.test, limit: 60)):`" }
            let what = code == 401 ? "rejects the request as unauthenticated" : "forbids the request (403)"
            let text = test.map { "\($0) \(what)" } ?? "\(what)"
            let isTop = tests.count == 1 && body.contains { isIf($0, test: tests[0].test, reading) }
            out.append(Check(effect: effect, evidence: Evidence(text, at: reading.location(of: stmt)), topLevel: isTop))
        }
        return out
    }

    static func isIf(_ stmt: StmtID, test: ExprID, _ reading: CodeReading) -> Bool {
        if case .if(let found, _, _) = reading.tree[stmt].kind { return found == test }
        return false
    }

    /// What a function whose purpose is to guard (a decorator, a hook, a dependency) does, when
    /// its code rejects: the strongest effect, with the first check as evidence.
    static func guardEffect(of function: StmtID, _ reading: CodeReading, requireIdentityWords: Bool = false) -> (Controls.Effect, Evidence)? {
        let name: String
        switch reading.tree[function].kind {
        case .functionDef(let def), .asyncFunctionDef(let def): name = def.name
        default: return nil
        }
        let found = checks(in: reading.body(of: function), reading, intoDefinitions: true, requireIdentityWords: requireIdentityWords,
                           functionName: name)
        guard let first = found.first else { return nil }
        let best = found.first { $0.effect == .authorises } ?? first
        return (best.effect, best.evidence)
    }
}
