import PythonSemantics
import PythonSyntax

/// Which view decorators require a login or a role, by the `Controls` catalog: a library's
/// decorator (`flask_login.login_required`), a Flask-HTTPAuth object's `login_required`, or a
/// name that says so (`admin_required`) when the decorator's code is not in the catalog. The
/// threat model asks this first and then judges a project's own decorators by their code; the
/// access-control rules ask it for every route of the project.
package enum RouteAuthentication {
    /// How a decorator's effect was known, for the evidence a report shows.
    package enum Basis: Sendable, Equatable {
        /// A row of `Controls.decorators`.
        case catalog
        /// A method of an authenticator object (`auth.login_required` on a Flask-HTTPAuth `HTTPBasicAuth`).
        case authenticator(String)
        /// Only the decorator's name (`login_required`, `admin_required`): its code was not read.
        case name
    }

    /// A library decorator of the catalog, or an authenticator object's method (with `role=`
    /// it also authorises). Nil for anything else, including a project's own decorator.
    package static func catalogEffect(_ qualifiedName: String, receiverClass: String?, attribute: String?, hasRoleKeyword: Bool) -> (Controls.Effect, Basis)? {
        if let effect = Controls.decorators[qualifiedName] { return (effect, .catalog) }
        if let receiverClass, Controls.authenticators.contains(receiverClass), let attribute, Controls.authenticatorMethods.contains(attribute) {
            return (hasRoleKeyword ? .authorises : .authenticates, .authenticator(receiverClass))
        }
        return nil
    }

    /// The effect a decorator's last name says it has (`login_required`, `roles_required`).
    package static func effect(byName name: String) -> Controls.Effect? {
        let last = String(name.split(separator: ".").last ?? "")
        if Controls.authorisationNames.contains(last) { return .authorises }
        if Controls.authenticationNames.contains(last) { return .authenticates }
        return nil
    }

    /// A decorator of a `def`, as the semantic model resolves it: the catalog, then its name.
    package static func effect(of decorator: SemanticModel.Decorator, _ context: FlowContext) -> (Controls.Effect, Basis)? {
        let name = decorator.qualifiedName ?? context.tree.dottedName(decorator.expr) ?? ""
        let hasRole = decorator.call.flatMap { context.call($0)?.keyword("role") } != nil
        if let known = catalogEffect(name, receiverClass: decorator.receiverClass, attribute: decorator.attribute, hasRoleKeyword: hasRole) { return known }
        return effect(byName: decorator.attribute ?? name).map { ($0, .name) }
    }

    /// A decorator as a project summary lists it (`flask_login.login_required`,
    /// `flask_httpauth.HTTPBasicAuth.login_required`, `pkg.auth.admin_required`).
    package static func effect(ofListed decorator: String) -> Controls.Effect? {
        let parts = decorator.split(separator: ".").map(String.init)
        let receiver = parts.count > 1 ? parts.dropLast().joined(separator: ".") : nil
        if let (effect, _) = catalogEffect(decorator, receiverClass: receiver, attribute: parts.last, hasRoleKeyword: false) { return effect }
        return effect(byName: decorator) ?? effect(byNamePart: parts.last ?? "")
    }

    /// A project's own spelling of a login or role decorator (`user_login_required`,
    /// `pga_login_required`, `login_required_if_no_ano`, `requires_kobo_auth`): counted as what
    /// its name says when the routes of a project are tallied, never to clear a route.
    package static func effect(byNamePart name: String) -> Controls.Effect? {
        let lower = name.lowercased()
        if ["admin_required", "role_required", "roles_required", "permission_required", "permissions_required", "staff_required",
            "superuser_required"].contains(where: lower.contains) { return .authorises }
        if ["login_required", "auth_required", "requires_auth", "jwt_required", "token_required", "requires_login"].contains(where: lower.contains) {
            return .authenticates
        }
        return nil
    }

    /// A route decorator as a project summary lists it: `<owner>.route`/`.get`/`.post`/...
    /// on a framework's route owner (`flask.Flask.route`, `flask.Blueprint.post`), or on an
    /// object the summary could only name (`pkg.views.bp.route`).
    package static func isListedRoute(_ decorator: String) -> Bool {
        let parts = decorator.split(separator: ".").map(String.init)
        guard parts.count > 1, let last = parts.last, FlowContext.routeDecorators[last] != nil else { return false }
        let owner = parts.dropLast().joined(separator: ".")
        if let framework = FrameworkCatalog.routeOwners[owner] { return FrameworkCatalog.model(framework).routeVerbs.contains(last) }
        return true
    }

    /// The decorator-routed functions of a project and the strongest access effect each one's
    /// decorators declare (nil: none known).
    package static func decoratedRoutes(_ project: ProjectIndex) -> [(function: FunctionSummary, effect: Controls.Effect?)] {
        project.functions.values.compactMap { function in
            guard function.decorators.contains(where: isListedRoute) else { return nil }
            let effects = function.decorators.compactMap(effect(ofListed:))
            let effect: Controls.Effect? = effects.contains(.authorises) ? .authorises : effects.contains(.authenticates) ? .authenticates : effects.first
            return (function, effect)
        }
    }
}
