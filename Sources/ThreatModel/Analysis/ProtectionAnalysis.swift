import Dataflow
import PythonSemantics
import PythonSyntax
import Rules

/// CSRF protection and rate limiting of an HTTP entry point.
extension Analyzer {
    static let safeMethods: Set<String> = ["GET", "HEAD", "OPTIONS"]

    // MARK: CSRF

    func csrf(_ candidate: Candidate, authentication: Authentication, inputs: [Input]) -> Control {
        switch candidate.kind {
        case .command, .task:
            return Control(status: .notApplicable, evidence: [Evidence("not reached by a browser")])
        case .websocket:
            return Control(status: .unknown, evidence: [Evidence("a WebSocket handshake carries the browser's cookies: check the `Origin` header (cross-site WebSocket hijacking)")])
        case .http:
            break
        }
        let reading = reading(candidate.file)
        var definitions = [candidate.statement]
        if let cls = candidate.classStatement, cls != candidate.statement { definitions.append(cls) }
        let readsCookies = inputs.contains { $0.kind == .cookie } || usesSession(candidate)
        let headerCredentials = (authentication.mechanisms + authentication.authorization).contains { evidence in
            ["OAuth2PasswordBearer", "HTTPBearer", "APIKeyHeader", "HTTPBasic", "HTTPTokenAuth", "HTTPBasicAuth", "jwt_required", "signature"]
                .contains { evidence.text.contains($0) }
        }
        let selfAuthenticated = Control(status: .notApplicable, evidence: [
            Evidence("authenticates with credentials the client sends itself (a header or a signature); a cross-site form cannot add them")])
        var exempt: Evidence?
        for stmt in definitions {
            for decorator in reading.model.decorators(of: stmt) {
                let text = "`@\(reading.text(decorator.expr, limit: 60))`"
                let name = decorator.qualifiedName ?? ""
                let wrapped = decorator.call.flatMap { reading.context.call($0)?.argument(0) }.flatMap { reading.name($0) } ?? ""
                if Controls.csrfExempt.contains(name) || (CodeReading.last(name) == "method_decorator" && Controls.csrfExempt.contains(wrapped)) {
                    exempt = Evidence("\(text) turns Django's CSRF check off", at: reading.location(of: decorator.expr))
                }
                if let receiver = objects.receiverClass(decorator, file: reading.file), Controls.flaskCSRF.contains(receiver), decorator.attribute == "exempt" {
                    exempt = Evidence("\(text) exempts the route from the CSRF check", at: reading.location(of: decorator.expr))
                }
                if Controls.csrfProtect.contains(name) {
                    return Control(status: .applied, evidence: [Evidence("\(text) checks the CSRF token", at: reading.location(of: decorator.expr))])
                }
            }
        }
        if let exempt {
            // A webhook checks its sender's signature instead: being exempt is then right.
            if headerCredentials && !readsCookies { return Control(status: .notApplicable, evidence: [exempt] + selfAuthenticated.evidence) }
            return Control(status: .exempt, evidence: [exempt])
        }
        if !candidate.hasUnsafeMethod && candidate.explicitMethods {
            return Control(status: .notApplicable, evidence: [Evidence("answers \(candidate.methods.joined(separator: ", ")) only, which CSRF protection does not cover")])
        }
        if headerCredentials && !readsCookies { return selfAuthenticated }
        switch candidate.framework {
        case .flask?, .quart?:
            if !facts.flaskCSRF.isEmpty { return Control(status: .applied, evidence: facts.flaskCSRF) }
            if let form = flaskFormValidation(candidate, reading) { return Control(status: .applied, evidence: [form]) }
            return Control(status: .missing, evidence: [Evidence("no `CSRFProtect(app)` in the project and no Flask-WTF form validated in the handler")])
        case .django?:
            if isDRFView(candidate, reading) {
                let classes = facts.restFramework["DEFAULT_AUTHENTICATION_CLASSES"]
                if classes == nil || classes!.names.contains(Controls.drfSessionAuthentication) {
                    return Control(status: .applied, evidence: [Evidence("DRF's `SessionAuthentication` checks the CSRF token of logged-in sessions", at: classes?.location)])
                }
                return Control(status: .notApplicable, evidence: [Evidence("DRF authenticates with \(classes!.names.map { "`\(CodeReading.last($0))`" }.joined(separator: ", ")), not the session cookie", at: classes!.location)])
            }
            if let location = facts.middlewareIncludes(Controls.djangoCSRFMiddleware) {
                return Control(status: .applied, evidence: [Evidence("`CsrfViewMiddleware` is in `MIDDLEWARE`", at: location)])
            }
            if let settings = facts.middleware.first {
                return Control(status: .missing, evidence: [Evidence("`CsrfViewMiddleware` is not in `MIDDLEWARE`", at: settings.location)])
            }
            return Control(status: .unknown, evidence: [Evidence("no settings module with `MIDDLEWARE` was scanned")])
        case .fastapi?, .starlette?:
            if !facts.asgiCSRF.isEmpty { return Control(status: .applied, evidence: facts.asgiCSRF) }
            if readsCookies {
                return Control(status: .missing, evidence: [Evidence("reads a cookie or the session, and no CSRF middleware is installed")])
            }
            return Control(status: .notApplicable, evidence: [Evidence("reads no cookie or session: a cross-site request carries nothing the app trusts")])
        default:
            return Control(status: .unknown, evidence: [Evidence("Taintline does not model this framework's CSRF protection")])
        }
    }

    /// `form.validate_on_submit()` on a Flask-WTF form (which checks its CSRF token).
    func flaskFormValidation(_ candidate: Candidate, _ reading: CodeReading) -> Evidence? {
        for scope in candidate.scopes {
            for expr in inventory.expressions(in: scope, file: candidate.file) {
                guard case .call(let function, _, _) = reading.tree[expr].kind, case .attribute(let receiver, let method, _) = reading.tree[function].kind,
                      method == "validate_on_submit" || method == "validate", let built = objects.constructor(of: receiver, file: candidate.file),
                      reading.base(of: project.canonicalName(built), in: Controls.flaskForms) != nil || Controls.flaskForms.contains(built) else { continue }
                return Evidence("`\(reading.text(expr))` checks the Flask-WTF form's CSRF token", at: reading.location(of: expr))
            }
        }
        return nil
    }

    /// Does the handler read or write the session (`session[...]`, `request.session`)?
    func usesSession(_ candidate: Candidate) -> Bool {
        let reading = reading(candidate.file)
        for scope in candidate.scopes {
            for expr in inventory.expressions(in: scope, file: candidate.file) {
                switch reading.tree[expr].kind {
                case .name("session", _):
                    if let name = reading.context.qualifiedName(expr), name.hasSuffix(".session") { return true }
                case .attribute(let base, "session", _):
                    if reading.tree.nameIdentifier(base) == "request" { return true }
                default:
                    continue
                }
            }
        }
        return false
    }

    /// A Django REST framework view: a class derived from its views, or `@api_view`.
    func isDRFView(_ candidate: Candidate, _ reading: CodeReading) -> Bool {
        if let cls = candidate.className, reading.allBases(of: cls).contains(where: { $0.hasPrefix("rest_framework.") }) { return true }
        return reading.model.decorators(of: candidate.statement).contains { $0.qualifiedName?.hasPrefix("rest_framework.decorators.") == true }
    }

    // MARK: Rate limiting

    func rateLimit(_ candidate: Candidate) -> Control {
        guard candidate.kind == .http || candidate.kind == .websocket else {
            return Control(status: .notApplicable, evidence: [Evidence("not reached over the network")])
        }
        let reading = reading(candidate.file)
        var definitions = [candidate.statement]
        if let cls = candidate.classStatement, cls != candidate.statement { definitions.append(cls) }
        for stmt in definitions {
            for decorator in reading.model.decorators(of: stmt) {
                let text = "`@\(reading.text(decorator.expr, limit: 60))`"
                let location = reading.location(of: decorator.expr)
                var receiverText = ""
                var target = decorator.expr
                if let call = decorator.call, case .call(let function, _, _) = reading.tree[call].kind { target = function }
                if case .attribute(let receiver, _, _) = reading.tree[target].kind { receiverText = reading.tree.dottedName(receiver)?.lowercased() ?? "" }
                let isLimiter = objects.receiverClass(decorator, file: reading.file).map(Controls.limiters.contains) ?? receiverText.contains("limiter")
                if isLimiter, let attribute = decorator.attribute {
                    if Controls.limitMethods.contains(attribute) { return Control(status: .applied, evidence: [Evidence("\(text) limits the rate", at: location)]) }
                    if attribute == "exempt" { return Control(status: .exempt, evidence: [Evidence("\(text) exempts the route from the default limits", at: location)]) }
                }
                let name = decorator.qualifiedName ?? ""
                let wrapped = decorator.call.flatMap { reading.context.call($0)?.argument(0) }.flatMap { arg -> String? in
                    if case .call(let function, _, _) = reading.tree[arg].kind { return reading.name(function) }
                    return reading.name(arg)
                } ?? ""
                if Controls.rateLimitDecorators.contains(name) || (CodeReading.last(name) == "method_decorator" && Controls.rateLimitDecorators.contains(wrapped)) {
                    return Control(status: .applied, evidence: [Evidence("\(text) limits the rate", at: location)])
                }
            }
        }
        if let cls = candidate.className, let evidence = throttleClasses(cls, reading) { return Control(status: .applied, evidence: [evidence]) }
        if candidate.framework == .fastapi || candidate.framework == .starlette {
            for (marker, place) in dependencyExpressions(candidate, reading) {
                guard case .call(_, let args, _) = place.reading.tree[marker].kind, let first = args.first,
                      case .call(let inner, _, _) = place.reading.tree[first].kind, let name = place.reading.name(inner),
                      Controls.rateLimitDependencies.contains(name) || CodeReading.last(name) == "RateLimiter" else { continue }
                return Control(status: .applied, evidence: [Evidence("`\(place.reading.text(marker))` limits the rate", at: place.reading.location(of: marker))])
            }
        }
        if isDRFView(candidate, reading), let setting = facts.restFramework["DEFAULT_THROTTLE_CLASSES"], !setting.names.isEmpty {
            return Control(status: .applied, evidence: [Evidence("`DEFAULT_THROTTLE_CLASSES` lists \(setting.names.map { "`\(CodeReading.last($0))`" }.joined(separator: ", "))", at: setting.location)])
        }
        if !facts.defaultLimits.isEmpty, candidate.framework != .django { return Control(status: .applied, evidence: facts.defaultLimits) }
        return Control(status: .missing, evidence: [Evidence("no rate limit found on the route, its class or the app (a proxy in front may still apply one)")])
    }

    /// DRF's `throttle_classes = [...]` on the class or a project base.
    func throttleClasses(_ cls: String, _ reading: CodeReading) -> Evidence? {
        for owner in [cls] + reading.allBases(of: cls).map({ project.canonicalName($0) }) {
            guard let summary = project.classes[owner], let classReading = classReading(summary) else { continue }
            for stmt in classReading.body(of: summary.statement) {
                guard case .assign(let targets, let value, _) = classReading.tree[stmt].kind,
                      targets.contains(where: { classReading.tree.nameIdentifier($0) == "throttle_classes" }) else { continue }
                if case .list(let items, _) = classReading.tree[value].kind, items.isEmpty { return nil }
                if case .tuple(let items, _) = classReading.tree[value].kind, items.isEmpty { return nil }
                return Evidence("`throttle_classes = \(classReading.text(value, limit: 50))` limits the rate", at: classReading.location(of: stmt))
            }
        }
        return nil
    }
}
