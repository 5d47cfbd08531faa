import Dataflow
import PythonSemantics
import PythonSyntax
import Rules

/// Who may call an HTTP entry point: the decorators on the handler and its class, Django
/// mixins and DRF permission classes (with the settings' defaults), FastAPI dependencies and
/// security schemes (also those of the route's router), Flask `before_request` hooks, Django's
/// `LoginRequiredMiddleware`, checks in the handler's own code, and webhook signatures.
extension Analyzer {
    /// The evidence collected for one entry point, before it becomes a status.
    struct AccessEvidence {
        /// Controls that run on every request before the handler: decorators, mixins,
        /// permission classes, dependencies, hooks, middleware, a check at the top of the handler.
        var required: [Evidence] = []
        var authorization: [Evidence] = []
        /// Checks on some paths only, optional authentication.
        var partial: [Evidence] = []
        /// Authentication for unsafe methods only.
        var writesOnly: [Evidence] = []
        var explicitlyPublic: [Evidence] = []

        mutating func apply(_ effect: Controls.Effect, _ evidence: Evidence, strong: Bool = true) {
            switch effect {
            case .authenticates: if strong { required.append(evidence) } else { partial.append(evidence) }
            case .authorises:
                authorization.append(evidence)
                if !strong { partial.append(evidence) }
            case .authenticatesWrites: writesOnly.append(evidence)
            case .allowsAnyone: explicitlyPublic.append(evidence)
            case .optional: partial.append(evidence)
            }
        }
    }

    func authentication(_ candidate: Candidate) -> Authentication {
        guard candidate.kind == .http || candidate.kind == .websocket else {
            return Authentication(status: .notApplicable, mechanisms: [], authorization: [], explicitlyPublic: [], isLogin: false)
        }
        let reading = reading(candidate.file)
        var found = AccessEvidence()
        var definitions = [candidate.statement]
        if let cls = candidate.classStatement, cls != candidate.statement { definitions.append(cls) }
        for stmt in definitions {
            for decorator in reading.model.decorators(of: stmt) {
                if let (effect, evidence) = decoratorEffect(decorator, reading) { found.apply(effect, evidence) }
            }
        }
        if let cls = candidate.className { classAccess(cls, candidate, reading, into: &found) }
        if candidate.framework == .fastapi || candidate.framework == .starlette { dependencyAccess(candidate, reading, into: &found) }
        bodyAccess(candidate, reading, into: &found)
        appAccess(candidate, reading, into: &found)

        let isLogin = logsIn(candidate)
        var status: Authentication.Status
        if !found.required.isEmpty || (!found.authorization.isEmpty && found.partial.isEmpty) {
            status = .required
        } else if !found.writesOnly.isEmpty {
            status = candidate.methods.allSatisfy({ !["GET", "HEAD", "OPTIONS"].contains($0) }) ? .required : .partial
        } else if !found.partial.isEmpty || !found.authorization.isEmpty {
            status = .partial
        } else {
            status = .none
        }
        if !found.explicitlyPublic.isEmpty && found.required.isEmpty { status = found.partial.isEmpty ? .none : .partial }
        return Authentication(status: status, mechanisms: found.required + found.writesOnly + found.partial.filter { !found.authorization.contains($0) },
                              authorization: found.authorization, explicitlyPublic: found.explicitlyPublic, isLogin: isLogin)
    }

    // MARK: Decorators

    /// What a decorator does for access control: a row of the catalog, a Flask-HTTPAuth
    /// object's `login_required`, a project function judged by its code, or (unresolved) a
    /// well-known name.
    func decoratorEffect(_ decorator: SemanticModel.Decorator, _ reading: CodeReading) -> (Controls.Effect, Evidence)? {
        let text = "`@\(reading.text(decorator.expr, limit: 60))`"
        let location = reading.location(of: decorator.expr)
        let name = decorator.qualifiedName ?? reading.tree.dottedName(decorator.expr) ?? ""
        // Django's `@method_decorator(login_required, name="dispatch")`: the decorator it wraps.
        if CodeReading.last(name) == "method_decorator", let call = decorator.call, let inner = reading.context.call(call)?.argument(0, "decorator") {
            return wrappedEffect(inner, reading).map { ($0.0, Evidence("\(text): \($0.1.text)", at: location)) }
        }
        let role = decorator.call.flatMap { reading.context.call($0)?.keyword("role") } != nil
        if let (effect, basis) = RouteAuthentication.catalogEffect(name, receiverClass: objects.receiverClass(decorator, file: reading.file),
                                                                   attribute: decorator.attribute, hasRoleKeyword: role) {
            if case .authenticator(let receiver) = basis {
                return (effect, Evidence("\(text) (\(CodeReading.last(receiver))) \(Self.describe(effect))", at: location))
            }
            if CodeReading.last(name) == "permission_classes", let call = decorator.call, let list = reading.context.call(call)?.argument(0) {
                return permissionEffect(list, reading).map { ($0.0, Evidence("\(text): \($0.1)", at: location)) }
            }
            return (effect, Evidence("\(text) \(Self.describe(effect))", at: location))
        }
        if let function = project.resolveFunction(name) ?? decorator.call.flatMap({ reading.context.call($0)?.name }).flatMap({ project.resolveFunction($0) }) {
            guard let (effect, evidence) = guardEffect(ofFunction: function) else { return nil }
            return (effect, Evidence("\(text) \(Self.describe(effect)): \(evidence.text) (\(evidence.location?.shortText ?? ""))", at: location))
        }
        switch RouteAuthentication.effect(byName: decorator.attribute ?? name) {
        case .authorises?: return (.authorises, Evidence("\(text) looks like a role check by its name (its code was not scanned)", at: location))
        case let effect?: return (effect, Evidence("\(text) looks like a login check by its name (its code was not scanned)", at: location))
        case nil: return nil
        }
    }

    /// The effect of a decorator passed as a value (`method_decorator(login_required)`,
    /// `method_decorator(permission_required("x"))`).
    func wrappedEffect(_ expr: ExprID, _ reading: CodeReading) -> (Controls.Effect, Evidence)? {
        var target = expr
        if case .call(let function, _, _) = reading.tree[expr].kind { target = function }
        let name = reading.name(target) ?? ""
        if let (effect, _) = RouteAuthentication.catalogEffect(name, receiverClass: nil, attribute: nil, hasRoleKeyword: false) {
            return (effect, Evidence("`\(reading.text(expr))` \(Self.describe(effect))"))
        }
        if let function = project.resolveFunction(name), let (effect, evidence) = guardEffect(ofFunction: function) {
            return (effect, Evidence("`\(reading.text(expr))` \(Self.describe(effect)): \(evidence.text)"))
        }
        return RouteAuthentication.effect(byName: name).map { ($0, Evidence("`\(reading.text(expr))` (by its name)")) }
    }

    static func describe(_ effect: Controls.Effect) -> String {
        switch effect {
        case .authenticates: return "requires a logged-in user"
        case .authorises: return "requires a role or permission"
        case .authenticatesWrites: return "requires a logged-in user for unsafe methods"
        case .allowsAnyone: return "lets anyone in"
        case .optional: return "authenticates when credentials are sent, and lets anonymous requests through"
        }
    }

    // MARK: Class-based views

    /// Mixins, a project base class whose `dispatch` checks, and DRF's `permission_classes`
    /// (on the class or a project base, else the settings' default).
    func classAccess(_ cls: String, _ candidate: Candidate, _ reading: CodeReading, into found: inout AccessEvidence) {
        let bases = reading.allBases(of: cls)
        let location = candidate.classStatement.map { reading.location(of: $0) }
        for base in bases {
            let canonical = project.canonicalName(base)
            if let effect = Controls.mixins[canonical] ?? Controls.mixins[base] {
                found.apply(effect, Evidence("derives from `\(CodeReading.last(base))`, which \(Self.describe(effect))", at: location))
            } else if project.classes[canonical] != nil, let effect = guardEffect(ofFunction: canonical + ".dispatch") {
                found.apply(effect.0, Evidence("derives from `\(CodeReading.last(base))`, whose `dispatch` \(Self.describe(effect.0)): \(effect.1.text)",
                                               at: effect.1.location))
            }
        }
        let isDRF = bases.contains { $0.hasPrefix("rest_framework.") }
        var declared = false
        for owner in [cls] + bases.map({ project.canonicalName($0) }) {
            guard let summary = project.classes[owner], let stmtReading = classReading(summary) else { continue }
            for stmt in stmtReading.body(of: summary.statement) {
                guard case .assign(let targets, let value, _) = stmtReading.tree[stmt].kind,
                      targets.contains(where: { stmtReading.tree.nameIdentifier($0) == "permission_classes" }) else { continue }
                declared = true
                if let (effect, text) = permissionEffect(value, stmtReading) {
                    found.apply(effect, Evidence("`permission_classes` \(text)", at: stmtReading.location(of: stmt)))
                }
            }
            if declared { break }
        }
        if isDRF, !declared { defaultPermissions(into: &found) }
    }

    /// The reading of the file a project class is defined in.
    func classReading(_ summary: ClassSummary) -> CodeReading? {
        guard let file = inventory.file(ofModule: summary.module) else { return nil }
        return reading(file)
    }

    /// DRF's `DEFAULT_PERMISSION_CLASSES`, else its built-in default, `AllowAny`.
    func defaultPermissions(into found: inout AccessEvidence) {
        guard let setting = facts.restFramework["DEFAULT_PERMISSION_CLASSES"] else {
            found.apply(.allowsAnyone, Evidence("DRF's default permission class is `AllowAny` (the settings set no `DEFAULT_PERMISSION_CLASSES`)"))
            return
        }
        for name in setting.names {
            let effect = Controls.permissionClasses[name] ?? .authorises
            found.apply(effect, Evidence("`DEFAULT_PERMISSION_CLASSES` lists `\(CodeReading.last(name))`, which \(Self.describe(effect))", at: setting.location))
        }
    }

    /// The strongest effect of a list of DRF permission classes (`[IsAuthenticated, IsOwner]`).
    func permissionEffect(_ list: ExprID, _ reading: CodeReading) -> (Controls.Effect, String)? {
        var items: [ExprID] = [list]
        if case .list(let elts, _) = reading.tree[list].kind { items = elts }
        if case .tuple(let elts, _) = reading.tree[list].kind { items = elts }
        var best: (Controls.Effect, String)?
        func rank(_ effect: Controls.Effect) -> Int {
            switch effect {
            case .allowsAnyone: return 0
            case .optional: return 1
            case .authenticatesWrites: return 2
            case .authenticates: return 3
            case .authorises: return 4
            }
        }
        for item in items {
            guard let name = reading.name(item) else { continue }
            let canonical = project.canonicalName(name)
            var effect = Controls.permissionClasses[name] ?? Controls.permissionClasses[canonical]
            if effect == nil, project.classes[canonical] != nil, reading.base(of: canonical, in: Controls.permissionBases) != nil { effect = .authorises }
            guard let effect else { continue }
            if best == nil || rank(effect) > rank(best!.0) {
                best = (effect, "lists `\(CodeReading.last(name))`, which \(Self.describe(effect))")
            }
        }
        return best
    }

    // MARK: FastAPI

    /// Dependencies of the handler's parameters, of its decorator (`dependencies=[...]`) and of
    /// its router or app (`APIRouter(dependencies=[...])`).
    func dependencyAccess(_ candidate: Candidate, _ reading: CodeReading, into found: inout AccessEvidence) {
        for (expr, where_) in dependencyExpressions(candidate, reading) {
            if let (effect, text) = dependencyEffect(expr, where_.reading, depth: 0) {
                found.apply(effect, Evidence("\(where_.label)`\(where_.reading.text(expr))` \(text)", at: where_.reading.location(of: expr)))
            }
        }
    }

    struct Place {
        let reading: CodeReading
        let label: String
    }

    /// Every `Depends(...)`/`Security(...)` that applies to the handler.
    func dependencyExpressions(_ candidate: Candidate, _ reading: CodeReading) -> [(ExprID, Place)] {
        var out: [(ExprID, Place)] = []
        out += parameterMarkers(candidate.statement, reading).map { ($0, Place(reading: reading, label: "")) }
        for decorator in reading.model.decorators(of: candidate.statement) {
            guard let call = decorator.call, let info = reading.context.call(call) else { continue }
            if let list = info.keyword("dependencies"), case .list(let items, _) = reading.tree[list].kind {
                out += items.map { ($0, Place(reading: reading, label: "the route's ")) }
            }
            // The router's or app's own dependencies.
            if case .attribute(let receiver, _, _) = reading.tree[info.function].kind, let variable = reading.tree.dottedName(receiver) {
                let key = reading.context.qualifiedName(receiver) ?? reading.model.moduleName + "." + variable
                if let (file, items) = facts.routerDependencies[key] ?? facts.routerDependencies[reading.model.moduleName + "." + variable] {
                    out += items.map { ($0, Place(reading: self.reading(file), label: "the router's ")) }
                }
            }
        }
        return out
    }

    /// The `Depends(...)`/`Security(...)` calls a function's parameters declare (defaults and `Annotated` metadata).
    func parameterMarkers(_ function: StmtID, _ reading: CodeReading) -> [ExprID] {
        let tree = reading.tree
        let def: FunctionDef
        switch tree[function].kind {
        case .functionDef(let d), .asyncFunctionDef(let d): def = d
        default: return []
        }
        var out: [ExprID] = []
        for (_, value) in tree.parametersWithDefaults(of: def.args) { out.append(value) }
        for arg in tree.parameters(of: def.args) {
            guard let annotation = arg.annotation, case .subscript(let base, let slice, _) = tree[annotation].kind,
                  tree.dottedName(base)?.hasSuffix("Annotated") == true, case .tuple(let elts, _) = tree[slice].kind else { continue }
            out += elts.dropFirst()
        }
        return out.filter { expr in
            guard case .call(let callee, _, _) = tree[expr].kind, let name = reading.name(callee) else { return false }
            return ["Depends", "Security"].contains(CodeReading.last(name))
        }
    }

    /// What a `Depends(x)`/`Security(x)` does: a security scheme, a project dependency that
    /// rejects (followed through its own dependencies), or a name that says so.
    func dependencyEffect(_ marker: ExprID, _ reading: CodeReading, depth: Int) -> (Controls.Effect, String)? {
        guard depth < 4, case .call(let callee, let args, let keywords) = reading.tree[marker].kind, let markerName = reading.name(callee) else { return nil }
        guard let dependency = args.first ?? keywords.first(where: { $0.arg == "dependency" })?.value else {
            return CodeReading.last(markerName) == "Security" ? (.authenticates, "declares a security dependency") : nil
        }
        // `Depends(oauth2_scheme)` where `oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")`.
        if let scheme = securityScheme(dependency, reading) {
            return (scheme.optional ? .optional : .authenticates, "reads credentials with `\(scheme.name)`" + (scheme.optional ? " (`auto_error=False`: a request without them goes through)" : ", which rejects a request without them (401)"))
        }
        guard let name = reading.name(dependency) else { return nil }
        if let function = project.resolveFunction(name), let (file, _, stmt) = definition(of: function) {
            let inner = self.reading(file)
            if let (effect, evidence) = Rejections.guardEffect(of: stmt, inner) {
                return (effect, "\(Self.describe(effect)): `\(CodeReading.last(function))` \(evidence.text) (\(evidence.location?.shortText ?? ""))")
            }
            for nested in parameterMarkers(stmt, inner) {
                if let (effect, text) = dependencyEffect(nested, inner, depth: depth + 1), effect != .allowsAnyone {
                    return (effect, "depends on `\(inner.text(nested))`, which \(text)")
                }
            }
            return nil
        }
        let last = CodeReading.last(name).lowercased()
        if ["current_user", "get_current_user", "get_current_active_user", "require_user", "verify_token", "get_user"].contains(last)
            || Controls.authenticationNames.contains(last) {
            return (.authenticates, "looks like an authentication dependency by its name (its code was not scanned)")
        }
        return nil
    }

    /// A FastAPI security scheme object (`OAuth2PasswordBearer(...)`), by its constructor.
    func securityScheme(_ expr: ExprID, _ reading: CodeReading) -> (name: String, optional: Bool)? {
        var built: String?
        var call: ExprID?
        if case .call(let function, _, _) = reading.tree[expr].kind {
            built = reading.name(function)
            call = expr
        } else if let constructor = objects.constructor(of: expr, file: reading.file) {
            built = constructor
            if case .name = reading.tree[expr].kind, let value = reading.model.assignedValue(of: expr) { call = value }
        }
        guard let built, built.hasPrefix(Controls.securityModule), Controls.securitySchemes.contains(CodeReading.last(built)) else { return nil }
        let optional = call.flatMap { reading.context.call($0)?.keyword("auto_error") }.map { reading.context.isFalse($0) } ?? false
        return (CodeReading.last(built), optional)
    }

    // MARK: The handler's own code

    /// Checks in the handler (and the code that runs with it) that reject anonymous or
    /// unprivileged callers, queries filtered by the current user, and webhook signatures.
    func bodyAccess(_ candidate: Candidate, _ reading: CodeReading, into found: inout AccessEvidence) {
        let model = reading.model
        for scope in candidate.scopes {
            guard model[scope].kind == .function, case .statement(let stmt) = model[scope].node else { continue }
            let isHandler = stmt == candidate.statement
            for check in Rejections.checks(in: reading.body(of: stmt), reading, intoDefinitions: false, requireIdentityWords: true) {
                found.apply(check.effect, check.evidence, strong: check.topLevel && isHandler)
            }
        }
        for scope in candidate.scopes {
            for expr in inventory.expressions(in: scope, file: candidate.file) {
                guard let call = reading.context.call(expr) else { continue }
                let name = call.name ?? ""
                if Controls.signatureChecks.contains(name) {
                    found.apply(.authenticates, Evidence("verifies the sender's signature (`\(reading.text(expr, limit: 50))`)", at: reading.location(of: expr)))
                }
                if CodeReading.last(name) == "has_perm" || CodeReading.last(name) == "has_perms" {
                    found.authorization.append(Evidence("checks a permission (`\(reading.text(expr, limit: 50))`)", at: reading.location(of: expr)))
                }
                // `Item.objects.filter(owner=request.user)`, `get_object_or_404(Item, pk=pk, owner=request.user)`.
                for keyword in call.keywords where keyword.arg != nil {
                    let value = reading.words(keyword.value)
                    if ["current_user", "request.user", "g.user", "user.id"].contains(where: value.contains),
                       !["user", "current_user"].contains(reading.words(call.function)) {
                        found.authorization.append(Evidence("restricts `\(reading.text(call.function, limit: 40))` to the caller's objects (`\(keyword.arg!)=\(reading.text(keyword.value, limit: 30))`)",
                                                            at: reading.location(of: expr)))
                        break
                    }
                }
            }
        }
    }

    // MARK: The app around the route

    /// Flask `before_request` hooks of the route's app or blueprint, and Django's
    /// `LoginRequiredMiddleware` (unless the view is `login_not_required`).
    func appAccess(_ candidate: Candidate, _ reading: CodeReading, into found: inout AccessEvidence) {
        for hook in appliedHooks(candidate, reading) {
            found.apply(hook.effect, Evidence(hook.evidence.text + " (check whether it exempts this endpoint)", at: hook.evidence.location))
        }
        if candidate.framework == .django, found.explicitlyPublic.isEmpty {
            for cls in Controls.loginMiddleware {
                if let location = facts.middlewareIncludes(cls) {
                    found.apply(.authenticates, Evidence("`LoginRequiredMiddleware` in `MIDDLEWARE` requires a login for every view", at: location))
                }
            }
        }
    }

    /// The Flask `before_request` hooks of the route's app, or of the blueprint its decorator names.
    func appliedHooks(_ candidate: Candidate, _ reading: CodeReading) -> [ProjectFacts.Hook] {
        guard candidate.framework == .flask || candidate.framework == .quart, candidate.kind == .http else { return [] }
        let receivers = reading.model.decorators(of: candidate.statement).compactMap { decorator -> String? in
            var target = decorator.expr
            if let call = decorator.call, case .call(let function, _, _) = reading.tree[call].kind { target = function }
            guard case .attribute(let receiver, _, _) = reading.tree[target].kind else { return nil }
            return reading.tree.dottedName(receiver)
        }
        return facts.hooks.filter { $0.isApp || ($0.module == reading.model.moduleName && receivers.contains($0.receiver)) }
    }

    /// Does the entry point log a user in or issue a token (itself or through what it calls)?
    func logsIn(_ candidate: Candidate) -> Bool {
        var functions = Set(functionNames(candidate))
        functions.formUnion(reachedFunctions(candidate, depth: 2, limit: 50))
        for function in functions {
            guard let (file, scope, _) = definition(of: function) else { continue }
            let reading = reading(file)
            for expr in inventory.expressions(in: scope, file: file) {
                if let call = reading.context.call(expr), let name = call.name, Controls.loginCalls.contains(name) { return true }
                // `session["user_id"] = user.id`
                if case .subscript(let base, let key, .store) = reading.tree[expr].kind, reading.tree.dottedName(base)?.hasSuffix("session") == true,
                   let text = reading.context.string(key), text.lowercased().contains("user") { return true }
            }
        }
        return false
    }
}
