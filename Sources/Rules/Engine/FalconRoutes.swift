import Dataflow
import PythonSemantics
import PythonSyntax

/// Falcon's routing read as data: `app.add_route("/items/{id}", ItemResource())` (with
/// `suffix="item"` routing `on_get_item`) on a `falcon.App`/`falcon.asgi.App`/`falcon.API`, or
/// on an app passed in. Each responder of the resource's class (or its project base classes)
/// gets the route, its HTTP method from the responder's name.
enum FalconRoutes {
    struct Entry {
        let resourceClass: String
        let template: String
        let suffix: String
    }

    static func entries(_ model: SemanticModel) -> [Entry] {
        RouteRegistrations.calls(model).compactMap { call in
            guard case .attribute(let receiver, "add_route", _) = model.tree[call.function].kind,
                  let templateExpr = RouteRegistrations.argument(call.args, call.keywords, 0, "uri_template"),
                  let template = model.constantString(of: templateExpr), template.hasPrefix("/"),
                  let resource = RouteRegistrations.argument(call.args, call.keywords, 1, "resource"),
                  let resourceClass = model.constructorName(of: resource) else { return nil }
            // Another framework's app (`config.add_route` takes a name first, so never gets here).
            if let owner = model.constructorName(of: receiver), !Falcon.model.routeOwners.contains(owner) { return nil }
            let suffix = call.keywords.first { $0.arg == "suffix" }.flatMap { model.constantString(of: $0.value) } ?? ""
            return Entry(resourceClass: resourceClass, template: template, suffix: suffix)
        }
    }

    static func routes(_ models: [SemanticModel], project: ProjectIndex) -> [String: RegisteredRoute] {
        var out: [String: RegisteredRoute] = [:]
        for model in models where RequestSources.importsModule(Falcon.model.packages, model) {
            for entry in entries(model) {
                for owner in classChain(project.canonicalName(entry.resourceClass), project) {
                    for method in project.classes[owner]?.methods ?? [] {
                        guard let (_, suffix) = Falcon.responders.responder(method), suffix == entry.suffix,
                              let verb = Falcon.responders.httpMethod(method), out[owner + "." + method] == nil else { continue }
                        out[owner + "." + method] = RegisteredRoute(framework: .falcon, kind: .responder, route: Route(methods: [verb], path: entry.template))
                    }
                }
            }
        }
        return out
    }

    /// A project class and its project base classes (a few levels), nearest first.
    static func classChain(_ name: String, _ project: ProjectIndex) -> [String] {
        var chain: [String] = []
        var pending = [name]
        while let next = pending.first, chain.count < 8 {
            pending.removeFirst()
            guard let summary = project.classes[next], !chain.contains(next) else { continue }
            chain.append(next)
            pending += summary.bases.map { project.canonicalName($0) }
        }
        return chain
    }
}
