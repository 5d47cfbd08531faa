import Dataflow
import PythonSemantics
import PythonSyntax

/// Bottle's routes registered without the decorator syntax: `app.route("/x", "POST", f)`,
/// `app.get("/x", callback=f)`, `bottle.route("/x", callback=f)`. (Decorated routes are read
/// from the decorators: `RuleContext.route(of:)`, `RequestSources.routeFunction`.)
enum BottleRoutes {
    static func routes(_ models: [SemanticModel], project: ProjectIndex) -> [String: RegisteredRoute] {
        var out: [String: RegisteredRoute] = [:]
        for model in models where RequestSources.importsModule(Bottle.model.packages, model) {
            for call in RouteRegistrations.calls(model) {
                guard let verb = verb(call.function, model) else { continue }
                // `route(path, method, callback)`; the verb shortcuts take the callback by keyword.
                guard let callback = RouteRegistrations.argument(call.args, call.keywords, verb == "route" ? 2 : nil, "callback"),
                      let name = model.qualifiedName(of: callback), let function = project.resolveFunction(name),
                      let pathExpr = RouteRegistrations.argument(call.args, call.keywords, 0, "path"),
                      let path = model.constantString(of: pathExpr), path.hasPrefix("/"), out[function] == nil else { continue }
                let methods = verb == "route"
                    ? RouteRegistrations.httpMethods(RouteRegistrations.argument(call.args, call.keywords, 1, "method"), model) ?? ["GET"]
                    : [verb.uppercased()]
                out[function] = RegisteredRoute(framework: .bottle, kind: .routeFunction,
                                                route: Route(methods: methods, path: URLPattern.normalized(colonWildcards: path)))
            }
        }
        return out
    }

    /// The route verb a call registers with: a method of a Bottle app (or of an app the
    /// module does not build, `def setup(app)`), or a module-level route function.
    static func verb(_ function: ExprID, _ model: SemanticModel) -> String? {
        if let name = model.qualifiedName(of: function), Bottle.model.routeFunctions.contains(name) {
            return String(name.split(separator: ".").last ?? "route")
        }
        guard case .attribute(let receiver, let attr, _) = model.tree[function].kind, Bottle.model.routeVerbs.contains(attr) else { return nil }
        if let owner = model.constructorName(of: receiver), !Bottle.model.routeOwners.contains(owner) { return nil }
        return attr
    }
}
